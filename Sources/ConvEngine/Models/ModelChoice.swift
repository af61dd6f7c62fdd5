/// A model as a person picks it: a catalog name plus AlexNet's width multiplier and input
/// size. The command line (`MODEL --width --input-size`), lesson links (`model=alexnet&width=…`)
/// and the Explore and Train screens all name models with this, and its text is the name the
/// engine gives the spec it builds (`alexnet@0.25`, `alexnet-224px`, `alexnet@0.25-67px`).
public struct ModelChoice: Sendable, Hashable {
  /// A name `ModelCatalog.spec(named:)` accepts (`lenet5`, `alexnet-torchvision`, …).
  public var name: String
  /// Width multiplier (AlexNet variants only); nil is the model's own widths.
  public var width: Double?
  /// Input side in pixels (AlexNet variants only); nil is the model's default.
  public var inputSize: Int?

  public init(name: String, width: Double? = nil, inputSize: Int? = nil) {
    self.name = name
    self.width = width
    self.inputSize = inputSize
  }

  /// Parses `name[@width][-Npx]`; nil when the name is not a catalog model or a suffix is
  /// malformed.
  public init?(_ text: String) {
    var rest = Substring(text.lowercased())
    var size: Int?
    if rest.hasSuffix("px"), let dash = rest.lastIndex(of: "-") {
      guard let n = Int(rest[rest.index(after: dash)..<rest.index(rest.endIndex, offsetBy: -2)]), n > 0 else { return nil }
      size = n
      rest = rest[..<dash]
    }
    var width: Double?
    if let at = rest.firstIndex(of: "@") {
      guard let w = Double(rest[rest.index(after: at)...]), w > 0 else { return nil }
      width = w
      rest = rest[..<at]
    }
    guard ModelCatalog.names.contains(String(rest)) else { return nil }
    self.init(name: String(rest), width: width, inputSize: size)
  }

  /// The spec the engine builds (throws for unknown names and for sizes or widths the model
  /// cannot take).
  public func spec(classes: Int? = nil) throws -> ModelSpec {
    try ModelCatalog.spec(named: name, width: width ?? 1, inputSize: inputSize, classes: classes)
  }

  /// The canonical text: the engine's spec name for the same model. Defaults are left out,
  /// so `alexnet` with width 1 and 227 px is just `alexnet`.
  public var text: String {
    // A file's path is kept as written (case matters in paths).
    if ModelFile.isModelFile(name) { return name }
    var text = name.lowercased()
    if let width, width != 1 { text += "@\(width)" }
    if let inputSize, inputSize != Self.defaultInputSize(of: text) { text += "-\(inputSize)px" }
    return text
  }

  /// The input side a model has when none is given (its file's; nil for LeNet-5, which has
  /// one size).
  public static func defaultInputSize(of name: String) -> Int? {
    ModelCatalog.defaultInputSize(of: String(name.prefix { $0 != "@" }))
  }
}
