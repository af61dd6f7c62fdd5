import ConvEngine
import Foundation
import Testing
import TestSupport

/// Model files wherever a model name is taken, through the real binary.
@Suite(.serialized) struct ModelFileCLITests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  static let lenet5File = Fixtures.assets + "/models/lenet5.convnet"

  @Test func summaryOfAModelFileIsTheBuiltInsTable() throws {
    let file = try run("summary", Self.lenet5File, "--json")
    let builtIn = try run("summary", "lenet5", "--json")
    #expect(file.status == 0 && builtIn.status == 0)
    func layers(_ json: String) throws -> [[String: String]] {
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      return (object?["layers"] as? [[String: Any]] ?? []).map { row in
        ["name": "\(row["name"] ?? "")", "output": "\(row["output"] ?? "")", "parameters": "\(row["parameters"] ?? "")",
         "macs": "\(row["macs"] ?? "")"]
      }
    }
    #expect(try layers(file.stdout).count == 7)
    #expect(try layers(file.stdout) == layers(builtIn.stdout))
    let text = try run("summary", Self.lenet5File)
    #expect(text.stdout.contains("60×(5×5)+16 = 1,516") && text.stdout.contains("60,000"))
  }

  /// A binary away from its assets (copied elsewhere, run from another folder) reads the
  /// built-in model files from the folder `--assets` names, as it reads the data; a wrong
  /// folder is named in the error. (A folder of datasets without `models/` still works from a
  /// checkout: `HostileFileTests` hands corrupt data that way.)
  @Test func builtInModelsComeFromTheAssetsOption() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bare-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(atPath: CommandRunner.binary, toPath: dir + "/convscope")
    func bare(_ args: String) throws -> CommandRunner.Result {
      try CommandRunner.run(["-c", "unset CONVSCOPE_ASSETS; cd '\(dir)' && ./convscope \(args)"], executable: "/bin/sh")
    }
    let weights = Fixtures.assets + "/weights/lenet5.safetensors"
    let lost = try bare("evaluate lenet5 --weights '\(weights)' --json")
    #expect(lost.status != 0 && lost.stderr.contains("cannot find the assets folder"), "\(lost.stderr)")
    let found = try bare("evaluate lenet5 --weights '\(weights)' --assets '\(Fixtures.assets)' --json")
    #expect(found.status == 0, "\(found.stderr)")
    #expect(found.stdout.contains("\"images\" : 10000"), "\(found.stdout.prefix(300))")
    let forward = try bare("forward lenet5 --input mnist:test:0 --assets '\(Fixtures.assets)' --json")
    #expect(forward.status == 0, "\(forward.stderr)")
    let wrong = try bare("evaluate lenet5 --weights '\(weights)' --assets /no/such/folder")
    #expect(wrong.status != 0 && wrong.stderr.contains("/no/such/folder, named with --assets, has no models/lenet5.convnet"),
            "\(wrong.stderr)")
  }

  /// `dataset fashion-mnist` is what train and evaluate use unless --dataset says otherwise;
  /// `dataset photos` has no training set, so they ask for one.
  @Test func theDatasetLineIsTheDefaultData() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convnet-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/clothes.convnet", weights = dir + "/w.safetensors"
    try "model clothes\ninput 1x32x32\ndataset fashion-mnist\nc1: conv 4 kernel=5 stride=2 activation=relu\nout: fc 10\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let r = try run("train", path, "--epochs", "1", "--limit", "128", "--test-limit", "50", "--save", weights)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("training clothes on fashion-mnist (128 images)"), "\(r.stdout)")
    let e = try run("evaluate", path, "--weights", weights, "--json")
    #expect(e.stdout.contains("\"dataset\":\"fashion-mnist\"") || e.stdout.contains("\"dataset\" : \"fashion-mnist\""), "\(e.stdout)")
    let m = try run("evaluate", path, "--weights", weights, "--dataset", "mnist")
    #expect(m.stdout.hasPrefix("clothes on mnist test"), "\(m.stdout)")
    let photos = dir + "/photos.convnet"
    try "model snaps\ninput 3x32x32\ndataset photos\nc1: conv 4 kernel=5 stride=2 activation=relu\nout: fc 10\n"
      .write(toFile: photos, atomically: true, encoding: .utf8)
    let p = try run("train", photos, "--epochs", "1", "--limit", "64")
    #expect(p.status == 1)
    #expect(p.stderr.hasPrefix("convscope: error: snaps: is meant for photos (its dataset line)"), "\(p.stderr)")
  }

  @Test func aBadModelFileIsAOneLineErrorWithItsLine() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convnet-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/small.convnet"
    try "model small\ninput 1x4x4\nc1: conv 6 kernel=5\nout: fc 10\n".write(toFile: path, atomically: true, encoding: .utf8)
    for command in [["summary", path], ["train", path, "--epochs", "1", "--limit", "64"], ["compare", "lenet5", path]] {
      let r = try CommandRunner.run(command)
      #expect(r.status == 1, "\(command)")
      #expect(r.stderr.hasPrefix("convscope: error: \(path):3:1: layer c1: a 5×5 kernel with padding 0 does not fit a 4×4 input"),
              "\(command): \(r.stderr)")
      #expect(r.stderr.contains("padding=2 keeps 4×4"))
      #expect(r.stderr.split(separator: "\n").count == 1)
    }
  }

  @Test func aModelFileTrainsAndCompares() throws {
    let file = Fixtures.packageRoot + "/lessons/models/lenet5-c1-12.convnet"
    let r = try run("train", file, "--epochs", "1", "--limit", "640", "--test-limit", "100", "--json")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("lenet5-c1-12"))
    let c = try run("compare", "lenet5", file, "--no-timing")
    #expect(c.status == 0, "\(c.stderr)")
    #expect(c.stdout.contains("64,262"))
  }
}
