import Foundation

/// The inputs that ever made a fuzz target fail (`make fuzz`), kept in
/// `Tests/Fixtures/fuzz/<target>/` and replayed by the tests of the module each target reads
/// with (the engine's readers in ConvEngineTests, the lesson parsers in ConvScopeAppTests).
public enum FuzzFixtures {
  public static let root = Fixtures.packageRoot + "/Tests/Fixtures/fuzz"

  /// One kept input.
  public struct Input: Sendable {
    public var target: String
    public var name: String
    public var bytes: [UInt8]
  }

  /// The fuzz targets: the folders under `Fuzz/` other than the shared `FuzzSupport`.
  public static func targets() throws -> Set<String> {
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.packageRoot + "/Fuzz")
    return Set(names.filter { $0.hasPrefix("Fuzz") && $0 != "FuzzSupport" })
  }

  /// Every kept input of the targets in `wanted`. Throws when the folder is missing, or when
  /// it holds a folder that names no target or a target no test replays (either would
  /// otherwise replay nothing without a word).
  public static func inputs(of wanted: Set<String>, replayedElsewhere others: Set<String>) throws -> [Input] {
    let known = try targets()
    guard known == wanted.union(others) else {
      throw FuzzFixtureError("the fuzz targets \(known.sorted()) are not the replayed ones \(wanted.union(others).sorted())")
    }
    var inputs: [Input] = []
    for entry in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: root + "/" + entry, isDirectory: &isDirectory)
      guard isDirectory.boolValue else { continue }  // README.md
      guard known.contains(entry) else { throw FuzzFixtureError("\(root)/\(entry) names no fuzz target") }
      guard wanted.contains(entry) else { continue }
      for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + entry).sorted() {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: root + "/" + entry + "/" + name))
        inputs.append(Input(target: entry, name: name, bytes: [UInt8](bytes)))
      }
    }
    return inputs
  }
}

public struct FuzzFixtureError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
