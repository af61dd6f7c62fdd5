import ConvEngine

/// What a followed lesson link asks the Explore screen to show, in the screen's own terms:
/// an Explore model name, an input, and a layer (by its spec name) and map to select once the
/// forward pass is there.
public struct ExploreSetup: Equatable, Sendable {
  /// An Explore model name (`lenet5`, `alexnet@0.25`, `alexnet-224px`).
  public var model: String
  /// Nil keeps the current input when the model stays, else the model's default input.
  public var input: ExploreInput?
  /// A layer name from the model's spec (`C3`, `conv1`, `output`), or `input`.
  public var layer: String?
  public var map: Int?

  public init(model: String, input: ExploreInput? = nil, layer: String? = nil, map: Int? = nil) {
    self.model = model
    self.input = input
    self.layer = layer
    self.map = map
  }

  /// The setup a `convscope:explore?…` link describes.
  public init(_ link: LessonExplore) {
    self.init(
      model: link.model.text, input: link.input.map(Self.input), layer: link.layer, map: link.map)
  }

  /// A link's input as an Explore input: test images by index, the shipped photos by name
  /// (so `n`/`p` keep browsing them), anything else as a file the engine resolves.
  static func input(_ input: LessonInput) -> ExploreInput {
    switch input {
    case .dataset(let kind, .test, let index):
      return .dataset(kind.rawValue, index: index)
    case .dataset:
      // Training images have no browsing of their own; the engine reads the text as is.
      return .file(input.text)
    case .file(let path):
      let name = path.fileName
      if path.hasPrefix("assets/images/"), name.hasSuffix("_227.ppm") {
        let photo = String(name.dropLast("_227.ppm".count))
        if ExploreInput.photos.contains(photo) { return .photo(photo) }
      }
      return .file(path)
    }
  }
}
