import TerminalUI

/// Draws the whole workbench for a state into a frame.
///
/// The shell is the same on every screen: tab bar on top, the screen's body (and the docked
/// lesson beside or below it), and a footer generated from `KeyMap` listing the keys that
/// work right here. Overlays (help, the quit
/// question) are drawn last, over the body.
public func render(_ state: AppState, into frame: inout Frame) {
  RootView.render(state, into: &frame)
}

/// The layout and drawing behind `render(_:into:)`.
public enum RootView {
  /// The app's name, shown at the right end of the tab bar.
  static let brand = "convscope"

  /// The three rows of the shell: tab bar, body, footer.
  public static func layout(_ area: Rect) -> (tabs: Rect, body: Rect, footer: Rect) {
    let rows = area.split(.vertical, [.fixed(1), .fill(1), .fixed(1)])
    return (rows[0], rows[1], rows[2])
  }

  /// The tab bar widget for a state (also what mouse clicks are tested against).
  public static func tabs(for state: AppState, unicode: Bool = true) -> Tabs {
    Tabs(
      titles: Screen.allCases.map(\.title), selected: state.screen.rawValue,
      selectedStyle: Style(bold: true, reverse: true), unicode: unicode)
  }

  /// The screen whose tab is at `point` on a terminal of `size`, if any.
  public static func screen(at point: Point, in size: Size) -> Screen? {
    let row = layout(Rect(size)).tabs
    let index = tabs(for: AppState(size: size)).index(at: point, in: row)
    return index.flatMap(Screen.init(rawValue:))
  }

  /// The hints that fit whole in `width` next to `message`: a hint is dropped, never cut in
  /// half. They are taken by rank (highest first; `ranks` parallel to `hints`, none: all
  /// equal), in table order within a rank, until one does not fit; the kept ones show in
  /// table order (which lists the most important first).
  static func fitting(_ hints: [KeyHint], ranks: [Int]? = nil, width: Int, message: String?) -> [KeyHint] {
    // Leave room for a short message; a long one is clipped by the status bar itself.
    let room = width - min(message.map { $0.displayWidth + 2 } ?? 0, width / 2)
    let order = hints.indices.sorted { a, b in
      let (ra, rb) = (ranks?[a] ?? 0, ranks?[b] ?? 0)
      return ra != rb ? ra > rb : a < b
    }
    var used = 0
    var kept: Set<Int> = []
    for index in order {
      let hint = hints[index]
      let needed = (kept.isEmpty ? 0 : 2) + hint.key.displayWidth + 1 + hint.description.displayWidth
      if used + needed > room { break }
      used += needed
      kept.insert(index)
    }
    return hints.indices.filter(kept.contains).map { hints[$0] }
  }

  static func render(_ state: AppState, into frame: inout Frame) {
    frame.palette = state.palette
    let area = frame.area
    guard area.size.fits(AppState.minimumSize) else {
      frame.render(TooSmallNotice(needs: AppState.minimumSize, have: area.size))
      return
    }
    let (tabRow, body, footer) = layout(area)
    frame.render(tabs(for: state, unicode: frame.unicode), in: tabRow)
    let brandX = tabRow.right - brand.count - 1
    frame.buffer.put(brand, at: Point(x: brandX, y: tabRow.y), style: Style(bold: true), clippedTo: tabRow)
    // The screen is laid out for `state.size`: the terminal less the docked lesson, which
    // is drawn over the rest of the body.
    ScreenBody.render(state, in: layout(Rect(state.size)).body, into: &frame)
    ModelFileReportView.render(state, in: layout(Rect(state.size)).body, into: &frame)
    LessonPaneView.render(state, into: &frame)
    let files = state.modelFiles
    if let line = files.prompt, files.promptScreen == state.screen {
      // The model-file prompt takes the footer's row on Explore and Train alike.
      ExplorePromptView.render(label: "Model file (*.convnet):", editor: line, error: files.promptError, in: footer,
                               into: &frame)
    } else {
      let entries = KeyMap.footerEntries(for: state)
      let hints = fitting(entries.map(\.hint), ranks: entries.map(\.rank), width: footer.width, message: state.statusMessage)
      frame.render(StatusBar(hints: hints, message: state.statusMessage), in: footer)
    }
    if state.isHelpVisible {
      frame.render(HelpOverlay(title: "Keys · \(state.screen.title)", entries: KeyMap.helpEntries(for: state.screen), unicode: frame.unicode, scroll: state.helpScroll), in: body)
    }
    if state.isQuitPending {
      QuitQuestion.render(state, in: body, into: &frame)
    }
  }
}
