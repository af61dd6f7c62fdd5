/// How much of a split one section asks for.
public enum Constraint: Sendable, Hashable {
  /// Exactly `n` cells (less only if the parent is too small).
  case fixed(Int)
  /// `p` percent of the parent, rounded so that percentages summing to 100 fill it exactly.
  case percent(Int)
  /// At least `n` cells; also shares leftover space when no `.fill` section exists.
  case min(Int)
  /// A share of the leftover space proportional to `weight`.
  case fill(Int)
}
