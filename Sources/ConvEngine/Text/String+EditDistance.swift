extension String {
  /// How many one-character insertions, deletions, substitutions and swaps of neighbours turn
  /// this string into `other` (the optimal-string-alignment distance). For "did you mean"
  /// hints on short words, where a swap ("inptu") is the commonest slip; time grows with the
  /// product of the lengths.
  public func editDistance(to other: String) -> Int {
    let a = Array(self), b = Array(other)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    // Three rows of the table: row[j] is the distance between a[..<i] and b[..<j].
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      row[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        row[j] = Swift.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          row[j] = Swift.min(row[j], before[j - 2] + 1)
        }
      }
      (before, previous, row) = (previous, row, before)
    }
    return previous[b.count]
  }
}
