import ConvEngine

/// The model-file prompt and the report of what an edit changed: shared by Explore and Train,
/// which both open and edit model files the same way.
public struct ModelFileState: Equatable, Sendable {
  /// The path being typed (`F`), while the prompt is open; it then takes the keys.
  public var prompt: TextLineEditor?
  /// The screen the prompt was opened on: the file opens there.
  public var promptScreen: Screen = .explore
  /// Why the last Enter was refused; cleared when the text next changes.
  public var promptError: String?
  /// What the last edit changed, shown over the screen until a key closes it.
  public var report: ModelFileReport?

  public init() {}
}

/// What reloading an edited model file changed, layer by layer.
public struct ModelFileReport: Equatable, Sendable {
  public var path: String
  /// The screen whose model the file is.
  public var screen: Screen
  /// The new version's title.
  public var title: String
  public var diff: ShapeTableDiff
  /// The shipped file `path` is the user's copy of (made by this edit or an earlier one).
  public var copyOf: String?

  public init(path: String, screen: Screen, title: String, diff: ShapeTableDiff, copyOf: String? = nil) {
    self.path = path
    self.screen = screen
    self.title = title
    self.diff = diff
    self.copyOf = copyOf
  }
}
