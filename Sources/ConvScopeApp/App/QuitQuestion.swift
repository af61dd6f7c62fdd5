import TerminalUI

/// The small box asking whether to quit while training runs, or while runs of the session
/// are not saved (quitting loses them: only `w` keeps a run to resume).
enum QuitQuestion {
  /// The question; the dash degrades to ASCII on terminals without Unicode.
  static func text(for state: AppState, unicode: Bool) -> String {
    let dash = unicode ? "—" : "-"
    let unsaved = state.train.unsavedRuns.filter { !state.train.isRunning || $0.runID != state.train.runCount }.count
    let others = unsaved == 1 ? "1 run is not saved" : "\(unsaved) runs are not saved"
    // With nothing unsaved the question was opened for the run in progress (it may have
    // ended while the question was open: still the same question).
    if unsaved == 0 { return "Training is running \(dash) quit? y/n" }
    if state.train.isRunning { return "Training is running and \(others) \(dash) quit? y/n" }
    return "\(others) (on Train: k/j pick one, w saves it) \(dash) quit? y/n"
  }

  static func render(_ state: AppState, in area: Rect, into frame: inout Frame) {
    let text = text(for: state, unicode: frame.unicode)
    let box = area.centered(width: text.count + 4, height: 3)
    guard !box.isEmpty else { return }
    frame.buffer.fill(box)
    let block = Block(title: " Quit? ", unicode: frame.unicode)
    frame.render(block, in: box)
    let inner = block.inner(box)
    frame.buffer.put(
      text, at: Point(x: inner.x + 1, y: inner.y), style: Style(bold: true), clippedTo: inner)
  }
}
