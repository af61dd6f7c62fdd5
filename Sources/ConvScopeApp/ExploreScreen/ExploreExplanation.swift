import ConvEngine

/// Which value an explanation is about: a trace layer (1 is the first network layer), a map
/// (or unit, or class) and a position.
public struct ExploreValueKey: Equatable, Hashable, Sendable {
  public var layer: Int
  public var channel: Int
  public var y: Int
  public var x: Int

  public init(layer: Int, channel: Int, y: Int, x: Int) {
    self.layer = layer
    self.channel = channel
    self.y = y
    self.x = x
  }
}

/// The engine's explanation of one value, prepared for the explain view: its arithmetic as
/// text (every product, the sum, bias, activation and the check against the engine's stored
/// value) at the width the view asked for, and what to outline on the pictures.
public struct ExploreExplanation: Equatable, Sendable {
  public var key: ExploreValueKey
  /// The columns the text was laid out for.
  public var width: Int
  public var lines: [String]
  /// The previous layer's maps this value reads (Table I's for C3, the group's for grouped
  /// convolutions, the neighbours for LRN, the map itself for pooling); empty when it reads a
  /// whole vector (FC, RBF).
  public var previousMaps: [Int]
  /// The window on each of those maps, in the previous layer's rows and columns.
  public var previousField: FieldSpan?
  /// For each of `previousMaps`, the line where its arithmetic starts (nil when it has no
  /// section of its own), so the pictures can page along with the text.
  public var mapLines: [Int?]
  /// What the value sees of the network input.
  public var imageField: FieldSpan?
  /// One line on where the inputs come from ("3 of 6 S2 maps, Table I", "group 2 of 2").
  public var source: String
  /// Whether every recomputed number agrees with the engine's.
  public var agrees: Bool

  /// What the screen asked the engine for: a value at a text width.
  public struct Request: Equatable, Sendable {
    public var key: ExploreValueKey
    public var width: Int
  }

  public init(
    key: ExploreValueKey, width: Int, lines: [String], previousMaps: [Int] = [], mapLines: [Int?] = [],
    previousField: FieldSpan? = nil, imageField: FieldSpan? = nil, source: String = "", agrees: Bool = true
  ) {
    self.key = key
    self.width = width
    self.lines = lines
    self.previousMaps = previousMaps
    self.mapLines = mapLines
    self.previousField = previousField
    self.imageField = imageField
    self.source = source
    self.agrees = agrees
  }

  /// Which of `previousMaps` (an index into it) has its arithmetic at or above line `first`
  /// of the text: the map being read about while the text is scrolled there.
  public func mapInView(firstLine first: Int) -> Int {
    var current = 0
    for (i, line) in mapLines.enumerated() {
      if let line, line <= first { current = i }
    }
    return current
  }
}
