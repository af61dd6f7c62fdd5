import ConvEngine
import Foundation

/// Paths and small data sets shared by the test targets.
public enum Fixtures {
  /// The package root (the folder holding Package.swift), found from this file's location.
  public static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
      url.deleteLastPathComponent()
    }
    return FileManager.default.currentDirectoryPath
  }()

  /// The shipped assets folder.
  public static var assets: String { packageRoot + "/assets" }

  /// MNIST test images 0..<n (cheap to load: the test files are small).
  public static func mnistTest(first n: Int) throws -> ImageDataset {
    try ImageDataset.load(.mnist, split: .test, assetsDirectory: assets).prefix(n)
  }

  /// The data folder every workbench and command the tests start uses (`XDG_DATA_HOME`), so
  /// lesson progress is never read from or written to the real home.
  public static let dataHome: String = temporaryDirectory()

  /// A fresh temporary directory.
  public static func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "convscope-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
