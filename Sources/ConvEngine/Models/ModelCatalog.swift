import Synchronization

/// The models the CLI knows by name. Each is a model file shipped in the assets folder's
/// `models/` (`assets/models/lenet5.convnet`, …), read by the same parser as a user's own file:
/// a network is defined one way only. What a file does not say is applied to the file's
/// network here: AlexNet's width multiplier, input size and number of classes
/// (`ModelSpec.resized`), so that one file serves the full net and the small live one.
public enum ModelCatalog {
  /// Every model name accepted on the command line.
  public static let names = ["lenet5", "lenet5-modern", "alexnet", "alexnet-ungrouped", "alexnet-torchvision"]
  /// Other spellings of the same models.
  static let aliases = ["lenet-5": "lenet5", "lenet5-classic": "lenet5", "lenet-5-modern": "lenet5-modern"]
  /// The models that take `--width`, `--input-size` and a number of classes: AlexNet's
  /// layouts, sized down to train live on a CPU. LeNet-5's 32×32 input and its ten digit
  /// bitmaps fix its sizes.
  public static let resizable: Set<String> = ["alexnet", "alexnet-ungrouped", "alexnet-torchvision"]

  /// Whether `name` is one of the resizable built-ins (AlexNet's layouts), in any case.
  public static func isResizable(_ name: String) -> Bool {
    resizable.contains(name.lowercased())
  }

  /// The spec for a CLI model name or a model file (`*.convnet`), or an error listing the
  /// known names.
  /// `width`, `inputSize` and `classes` apply to the AlexNet variants only.
  public static func spec(named name: String, width: Double = 1, inputSize: Int? = nil, classes: Int? = nil) throws
    -> ModelSpec
  {
    if ModelFile.isModelFile(name) {
      guard width == 1, inputSize == nil else {
        throw EngineError(name, "--width and --input-size apply to the AlexNet models only; a model file sets its own sizes")
      }
      return try ModelFile.read(path: name)
    }
    let key = name.lowercased()
    let builtIn = aliases[key] ?? key
    guard names.contains(builtIn) else {
      throw EngineError(name, "unknown model; known models: \(names.joined(separator: ", ")), or a model file (*.convnet)")
    }
    guard resizable.contains(builtIn) else {
      if width != 1 || inputSize != nil {
        throw EngineError(name, "--width and --input-size apply to the AlexNet models only")
      }
      return try file(of: builtIn)
    }
    guard width > 0, width <= 4 else { throw EngineError(name, "--width must be in (0, 4], got \(width)") }
    let base = try file(of: builtIn)
    let spec = base.resized(width: width, inputSize: inputSize, classes: classes ?? base.classes)
    _ = try spec.shapeTable()
    return spec
  }

  /// The input side a resizable built-in has when none is given (the side its file sets),
  /// nil for the other models.
  public static func defaultInputSize(of name: String) -> Int? {
    guard isResizable(name) else { return nil }
    return (try? file(of: name.lowercased()))?.input.h
  }

  /// The assets folder the built-in models are read from: the command line's `--assets` when
  /// it holds the model's file, else found as the datasets are (`$CONVSCOPE_ASSETS`,
  /// `./assets`, beside the executable).
  static func assetsDirectory(for name: String) throws -> String {
    let file = "models/" + name + ModelFile.fileExtension
    // The folder `--assets` named, when it holds the model's file. A folder of datasets alone
    // (what the option used to be documented as) does not, and the model is found as before.
    let named = AssetLocator.commandLineFolder
    if let named, AssetLocator.isRegularFile(named + "/" + file) { return named }
    do {
      return try AssetLocator.assetsDirectory(explicit: nil)
    } catch let error as EngineError {
      let note = named.map { " (\($0), named with --assets, has no \(file))" } ?? ""
      throw EngineError(name, "the built-in model is read from \(file) in the assets folder\(note), and \(error.problem)")
    }
  }

  /// Built-in `name` as its file (`models/NAME.convnet` in the assets folder) defines it.
  static func file(of name: String) throws -> ModelSpec {
    try file(of: name, assetsDirectory: try assetsDirectory(for: name))
  }

  /// Built-in `name` as `assetsDirectory/models/NAME.convnet` defines it. Each file is read
  /// once per run (the screens ask for a model's spec as they draw). A missing or broken file
  /// is an error naming the file, and a file whose `model` line names another model too.
  static func file(of name: String, assetsDirectory: String) throws -> ModelSpec {
    let path = assetsDirectory + "/models/" + name + ModelFile.fileExtension
    if let spec = cache.withLock({ $0[path] }) { return spec }
    let spec: ModelSpec
    do {
      spec = try ModelFile.read(path: path, notingSource: false)
    } catch let error as EngineError where error.subject == path {
      // The file itself cannot be read ("no such file"); a mistake inside names its line.
      throw EngineError(path, "\(error.problem) (the built-in model \(name) is defined by this file; restore it from convscope's assets)")
    }
    guard spec.name == name else {
      throw EngineError(path, "names its model \"\(spec.name)\", but it defines the built-in \(name): its model line must be \"model \(name)\"")
    }
    cache.withLock { $0[path] = spec }
    return spec
  }

  private static let cache = Mutex<[String: ModelSpec]>([:])
}
