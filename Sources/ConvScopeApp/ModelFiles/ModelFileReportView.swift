import ConvEngine
import TerminalUI

/// Draws what reloading an edited model file changed, over the screen it is about: the totals
/// before → after, then every layer with its output shape, parameters and MACs, old → new
/// where they differ. Every number is the engine's shape table (`ShapeTableDiff`).
enum ModelFileReportView {
  static func render(_ state: AppState, in body: Rect, into frame: inout Frame) {
    guard let report = state.modelFiles.report, report.screen == state.screen else { return }
    let arrow = frame.unicode ? " → " : " -> "
    let d = report.diff
    func pair(_ a: String?, _ b: String?) -> String {
      switch (a, b) {
      case (let a?, let b?): a == b ? a : a + arrow + b
      case (let a?, nil): a
      case (nil, let b?): b
      default: ""
      }
    }
    let rows: [[String]] = d.rows.map { row in
      let change = switch row.change {
      case .same: ""
      case .changed: "changed"
      case .added: "new"
      case .removed: "removed"
      }
      return [row.name, row.after?.kind ?? row.before?.kind ?? "", pair(row.before?.outputDescription, row.after?.outputDescription),
              pair(row.before.map { $0.parameters.grouped }, row.after.map { $0.parameters.grouped }),
              pair(row.before.map { $0.macs.grouped }, row.after.map { $0.macs.grouped }), change]
    }
    let totals = ["total", "", "", pair(d.parametersBefore.grouped, d.parametersAfter.grouped),
                  pair(d.macsBefore.grouped, d.macsAfter.grouped), ""]
    var table = Table(header: ["layer", "kind", "output", "params", "MACs", ""], rows: rows, totals: totals,
                      alignments: [.left, .left, .left, .right, .right, .left], unicode: frame.unicode)
    // On a narrow terminal the kind goes first, so that no number is cut.
    if (table.plainLines().map(\.displayWidth).max() ?? 0) > body.width - 6 {
      table = Table(header: ["layer", "output", "params", "MACs", ""], rows: rows.map { [$0[0]] + $0[2...] },
                    totals: [totals[0]] + totals[2...], alignments: [.left, .left, .right, .right, .left], unicode: frame.unicode)
    }
    let name = report.path.fileName
    let heading = d.isUnchanged ? "\(name): the network did not change" : "\(name) reloaded: \(report.title)"
    let next = report.screen == .train ? "The next run (enter) trains it." : "Explore reruns its pass on it."
    let input = d.inputBefore == d.inputAfter ? ""
      : "input " + pair(d.inputBefore.map(String.init).joined(separator: "×"), d.inputAfter.map(String.init).joined(separator: "×")) + ". "
    let footer = "\(input)\(next) Any key closes this."
    // Where the edit went when the screen showed a file convscope ships.
    let copy = report.copyOf.map { "Edited your copy \(report.path); \($0) is as shipped." }
    let width = min(body.width - 2, max(table.plainLines().map(\.displayWidth).max() ?? 0, heading.displayWidth, footer.displayWidth,
                                        copy?.displayWidth ?? 0) + 4)
    let extra = copy == nil ? 0 : 1
    let height = min(body.height, rows.count + 8 + extra)
    let box = body.centered(width: width, height: height)
    guard !box.isEmpty else { return }
    frame.buffer.fill(box)
    let block = Block(title: " What changed ", unicode: frame.unicode)
    frame.render(block, in: box)
    let inner = block.inner(box).inset(left: 1, right: 1)
    frame.buffer.put(ASCIIText.fitting(heading, unicode: frame.unicode), at: Point(x: inner.x, y: inner.y),
                     style: Style(bold: true), clippedTo: inner)
    let tableArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: max(0, inner.height - 4 - extra))
    frame.render(table, in: tableArea)
    if let copy {
      frame.buffer.put(ASCIIText.fitting(copy, unicode: frame.unicode), at: Point(x: inner.x, y: inner.bottom - 2),
                       clippedTo: inner)
    }
    frame.buffer.put(ASCIIText.fitting(footer, unicode: frame.unicode), at: Point(x: inner.x, y: inner.bottom - 1),
                     style: Style(dim: true), clippedTo: inner)
  }
}
