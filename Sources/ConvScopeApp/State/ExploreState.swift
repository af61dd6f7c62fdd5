/// The Explore screen's state. The screen is not built yet; it will step through a forward
/// pass of `model`, layer by layer.
public struct ExploreState: Equatable, Sendable {
  /// The catalog name of the model to explore (see `ModelCatalog.names`).
  public var model: String

  public init(model: String = "lenet5") {
    self.model = model
  }
}
