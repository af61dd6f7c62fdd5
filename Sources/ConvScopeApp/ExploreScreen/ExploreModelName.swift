import ConvEngine

/// A model as the Explore screen names it: a catalog name plus AlexNet's width multiplier and
/// input size, written the way the engine names such specs (`alexnet@0.25`, `alexnet-224px`,
/// `alexnet@0.25-67px`), so a weights file's declared model and a lesson link's model map to
/// the same string the model picker cycles through.
public struct ExploreModelName: Equatable, Sendable {
  /// The catalog name (`lenet5`, `alexnet-torchvision`, …).
  public var base: String
  /// Width multiplier; nil is the model's own widths.
  public var width: Double?
  /// Input side in pixels; nil is the model's default (227, or torchvision's 224).
  public var inputSize: Int?

  public init(base: String, width: Double? = nil, inputSize: Int? = nil) {
    self.base = base
    self.width = width
    self.inputSize = inputSize
  }

  /// Parses `base[@width][-Npx]`; nil when the base is not a catalog model or a suffix is
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
    self.init(base: String(rest), width: width, inputSize: size)
  }

  /// The model a lesson link names.
  public init(_ choice: LessonModelChoice) {
    self.init(base: choice.name.lowercased(), width: choice.width, inputSize: choice.inputSize)
  }

  /// The spec the engine builds (throws for sizes or widths the model cannot take).
  public func spec(classes: Int? = nil) throws -> ModelSpec {
    try ModelCatalog.spec(named: base, width: width ?? 1, inputSize: inputSize, classes: classes)
  }

  /// The canonical text: the engine's spec name for the same model. Defaults are left out,
  /// so `alexnet` with width 1 and 227 px is just `alexnet`.
  public var text: String {
    var name = base
    if let width, width != 1 { name += "@\(width)" }
    if let inputSize, inputSize != Self.defaultSize(of: base) { name += "-\(inputSize)px" }
    return name
  }

  /// The input side a model has when none is given (nil for LeNet-5, which has one size).
  static func defaultSize(of base: String) -> Int? {
    switch base {
    case "alexnet-torchvision": 224
    case _ where base.hasPrefix("alexnet"): 227
    default: nil
    }
  }
}
