extension String {
  /// The last part of a path ("lessons/models/x.convnet" → "x.convnet"): how the screens and
  /// messages name a file whose whole path would not fit.
  public var fileName: String {
    split(separator: "/").last.map(String.init) ?? self
  }
}
