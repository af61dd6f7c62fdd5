/// Splits a rectangle into rows or columns according to a list of constraints.
///
/// The algorithm is deliberately simple and deterministic:
/// 1. every section gets its base size (`fixed`/`min` as asked, `percent` by largest
///    remainder so that the parts sum exactly, `fill` nothing);
/// 2. if the bases overflow the parent, sections are served first-come-first-served and the
///    later ones are cut (possibly to zero);
/// 3. leftover space goes to `fill` sections by weight, or, if there are none, equally to
///    `min` sections; any remainder cells go to the earliest of those sections.
/// Sizes are never negative and never add up to more than the parent.
public struct Layout: Sendable, Hashable {
  /// The axis along which sections follow each other.
  public enum Direction: Sendable, Hashable {
    /// Sections stacked top to bottom (the split is along y).
    case vertical
    /// Sections side by side, left to right (the split is along x).
    case horizontal
  }

  public var direction: Direction
  public var constraints: [Constraint]

  public init(_ direction: Direction, _ constraints: [Constraint]) {
    self.direction = direction
    self.constraints = constraints
  }

  public static func vertical(_ constraints: [Constraint]) -> Layout {
    Layout(.vertical, constraints)
  }

  public static func horizontal(_ constraints: [Constraint]) -> Layout {
    Layout(.horizontal, constraints)
  }

  /// One rectangle per constraint, in order, tiling (part of) `rect`.
  public func split(_ rect: Rect) -> [Rect] {
    let total = direction == .vertical ? rect.height : rect.width
    var offset = direction == .vertical ? rect.y : rect.x
    return Layout.sizes(for: constraints, total: total).map { size in
      defer { offset += size }
      switch direction {
      case .vertical: return Rect(x: rect.x, y: offset, width: rect.width, height: size)
      case .horizontal: return Rect(x: offset, y: rect.y, width: size, height: rect.height)
      }
    }
  }

  /// The section lengths along the split axis.
  static func sizes(for constraints: [Constraint], total: Int) -> [Int] {
    let total = max(0, total)
    var sizes = constraints.map { constraint -> Int in
      switch constraint {
      case .fixed(let n), .min(let n): max(0, n)
      case .percent, .fill: 0
      }
    }
    let percents = constraints.map { if case .percent(let p) = $0 { max(0, p) } else { 0 } }
    let percentTotal = total * percents.reduce(0, +) / 100
    for (i, share) in distribute(percentTotal, weights: percents).enumerated() { sizes[i] += share }
    // Over-constrained: serve sections in order, cutting the later ones.
    var remaining = total
    for i in sizes.indices {
      sizes[i] = min(sizes[i], remaining)
      remaining -= sizes[i]
    }
    guard remaining > 0 else { return sizes }
    let fills = constraints.map { if case .fill(let w) = $0 { max(0, w) } else { 0 } }
    let mins = constraints.map { if case .min = $0 { 1 } else { 0 } }
    let weights = fills.contains { $0 > 0 } ? fills : mins
    for (i, share) in distribute(remaining, weights: weights).enumerated() { sizes[i] += share }
    return sizes
  }

  /// Splits `amount` cells in proportion to `weights` (largest remainder method).
  /// Ties go to the earlier index, so the result never depends on anything but the input.
  static func distribute(_ amount: Int, weights: [Int]) -> [Int] {
    let totalWeight = weights.reduce(0, +)
    guard amount > 0, totalWeight > 0 else { return weights.map { _ in 0 } }
    var shares = weights.map { amount * $0 / totalWeight }
    let remainders = weights.map { amount * $0 % totalWeight }
    var leftover = amount - shares.reduce(0, +)
    let order = weights.indices
      .filter { weights[$0] > 0 }
      .sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
    for i in order where leftover > 0 {
      shares[i] += 1
      leftover -= 1
    }
    return shares
  }
}

extension Rect {
  /// Shorthand for `Layout(direction, constraints).split(self)`.
  public func split(_ direction: Layout.Direction, _ constraints: [Constraint]) -> [Rect] {
    Layout(direction, constraints).split(self)
  }
}
