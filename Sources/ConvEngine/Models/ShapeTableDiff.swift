/// What changed between two versions of a model, layer by layer: the workbench shows it after
/// a model file is edited and read again, so that "C1 with 12 maps" is seen as the shapes,
/// parameters and multiply-accumulates it changes before anything is trained.
///
/// Layers are matched by name (the name is what a person edits around); a layer only in the
/// new version is added, one only in the old is removed and listed where it used to be.
public struct ShapeTableDiff: Sendable, Hashable {
  public enum Change: String, Sendable, Hashable {
    case same, changed, added, removed
  }

  public struct Row: Sendable, Hashable {
    public var name: String
    /// The old row (nil for an added layer) and the new one (nil for a removed layer).
    public var before: ShapeRow?
    public var after: ShapeRow?

    public var change: Change {
      switch (before, after) {
      case (nil, _): .added
      case (_, nil): .removed
      case (let b?, let a?): b == a ? .same : .changed
      }
    }
  }

  public var rows: [Row]
  /// Per-sample input shapes [C, H, W].
  public var inputBefore: [Int]
  public var inputAfter: [Int]
  public var parametersBefore: Int
  public var parametersAfter: Int
  public var macsBefore: Int
  public var macsAfter: Int

  public init(before: ShapeTable, after: ShapeTable) {
    var used = Set<Int>()
    var rows: [Row] = []
    var nextOld = 0
    // Old rows not kept are listed before the first kept row that came after them.
    func flushRemoved(upTo end: Int) {
      while nextOld < end {
        if !used.contains(nextOld) { rows.append(Row(name: before.rows[nextOld].name, before: before.rows[nextOld])) }
        nextOld += 1
      }
    }
    for row in after.rows {
      if let j = before.rows.indices.first(where: { !used.contains($0) && before.rows[$0].name == row.name }) {
        used.insert(j)
        flushRemoved(upTo: j)
        rows.append(Row(name: row.name, before: before.rows[j], after: row))
      } else {
        rows.append(Row(name: row.name, after: row))
      }
    }
    flushRemoved(upTo: before.rows.count)
    self.rows = rows
    inputBefore = before.input
    inputAfter = after.input
    parametersBefore = before.totalParameters
    parametersAfter = after.totalParameters
    macsBefore = before.totalMACs
    macsAfter = after.totalMACs
  }

  /// Whether the two versions have the same input and the same layers in every respect.
  public var isUnchanged: Bool {
    inputBefore == inputAfter && rows.allSatisfy { $0.change == .same }
  }

  /// The rows that differ.
  public var changedRows: [Row] { rows.filter { $0.change != .same } }
}
