import ConvEngine

/// What the Explore screen feeds to the network.
public indirect enum ExploreInput: Equatable, Sendable {
  /// A test image of a 28×28 dataset (`DatasetKind` raw value: "mnist", "fashion-mnist").
  case dataset(String, index: Int)
  /// One of the sample photos `assets/images/<name>_227.ppm`.
  case photo(String)
  /// The drawn 28×28 digit, values 0…255 row-major.
  case drawing([UInt8])
  /// A dataset image with edits applied in order (drawings are edited in place instead).
  case transformed(ExploreInput, [ExploreTransform])
  /// An image file as the user typed its path (the engine expands `~` and resolves it
  /// against the working directory; `assets/…` also against the assets folder).
  case file(String)

  /// The sample photos shipped for AlexNet.
  public static let photos = ["chelsea", "astronaut", "coffee", "rocket", "china", "face", "flower", "grace_hopper"]

  /// The first input for a model: test digit 0 for LeNet, the cat photo for AlexNet, and for
  /// a model file (read as `spec`) the first image of the data its `dataset` line names.
  public static func defaultInput(for model: String, spec: ModelSpec? = nil) -> ExploreInput {
    if model == ExploreState.smallAlexNet { return .dataset("fashion-mnist", index: 0) }
    // A model file's network is for the data it names (the digits when it names none),
    // whatever its name.
    if ModelFile.isModelFile(model) {
      if spec?.data == .photos { return .photo(photos[0]) }
      return .dataset((spec?.defaultDataset ?? .mnist).rawValue, index: 0)
    }
    return model.hasPrefix("alexnet") ? .photo(photos[0]) : .dataset("mnist", index: 0)
  }

  /// The input with one more edit: appended to the list of a transformed input, wrapping
  /// a plain one.
  public func adding(_ edit: ExploreTransform) -> ExploreInput {
    if case .transformed(let base, let edits) = self { return .transformed(base, edits + [edit]) }
    return .transformed(self, [edit])
  }

  /// The input without its edits.
  public var base: ExploreInput {
    if case .transformed(let base, _) = self { return base }
    return self
  }

  /// A short description for the input panel.
  public var title: String {
    switch self {
    case .dataset(let kind, let index): "\(kind) test #\(index)"
    case .photo(let name): "photo \(name)"
    case .drawing: "your drawing"
    case .file(let path): "file " + path.fileName
    case .transformed(let base, let edits): base.title + (ExploreTransform.summary(edits).map { " · " + $0 + " (x resets)" } ?? "")
    }
  }
}
