/// Horizontal placement of text inside a wider space.
public enum Alignment: Sendable, Hashable {
  case left, center, right
}
