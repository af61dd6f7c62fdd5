import TerminalUI

/// The docked lesson's part of `update`: pure, like the rest of it. The pane reads its
/// lesson with the same `LessonReader` as the Lessons tab, in its own rectangle and with its
/// own place, so reading beside a screen never moves the Lessons tab (or the other way).
enum LessonPane {
  static func update(_ state: inout AppState, _ action: LessonPaneAction) -> [Effect] {
    switch action {
    case .toggle:
      toggle(in: &state)
    case .dockBesideLastScreen:
      return dockBesideLastScreen(in: &state)
    case .switchFocus:
      switchFocus(in: &state)
    case .scroll(let lines):
      change(&state) { $0.scroll(to: $0.scroll + lines) }
    case .page(let pages):
      change(&state) { $0.scroll(to: $0.scroll + pages * max(1, $0.area.height - 1)) }
    case .moveLinkFocus(let step):
      var message: String?
      change(&state) { message = $0.moveFocus(step) }
      if let message { state.statusMessage = message }
    case .followLink:
      return follow(in: &state)
    case .resize(let steps):
      let share = state.lessonPane.share + steps * LessonPaneState.shareStep
      state.lessonPane.share = min(max(share, LessonPaneState.shareRange.lowerBound), LessonPaneState.shareRange.upperBound)
    case .mouse(let mouse):
      return self.mouse(mouse, in: &state)
    }
    return []
  }

  /// The pane's reader: its lesson at its place, in the rectangle it is drawn in now; nil
  /// when the pane is not shown.
  static func reader(of state: AppState) -> LessonReader? {
    let layout = LessonPaneLayout(state)
    let pane = state.lessonPane
    guard layout.isShown, let lesson = TourPlayer.paneLesson(state) ?? state.lessons.shelf.lesson(pane.lessonID) else { return nil }
    let view = MarkdownView(document: lesson.document)
    let area = layout.text
    return LessonReader(lesson: lesson, area: area, scroll: view.line(of: pane.place, width: area.width),
                        focusedLink: pane.focusedLink)
  }

  /// Applies `change` to the pane's reader and keeps the place it leaves.
  private static func change(_ state: inout AppState, _ change: (inout LessonReader) -> Void) {
    guard var reader = reader(of: state) else { return }
    change(&reader)
    state.lessonPane.place = reader.view.place(atLine: reader.scroll, width: reader.area.width)
    state.lessonPane.focusedLink = reader.focusedLink
  }

  /// Docks the lesson `reader` shows (the Lessons tab's) at the place it shows, with its
  /// focused link (scrolled into view if the pane's size hides it), and gives the pane the
  /// keys so reading goes on there.
  static func dock(_ reader: LessonReader, in state: inout AppState) {
    state.lessonPane.lessonID = reader.lesson.id
    state.lessonPane.place = reader.view.place(atLine: reader.scroll, width: reader.area.width)
    state.lessonPane.focusedLink = reader.focusedLink
    state.lessonPane.isOpen = true
    state.lessonPane.focus = .pane
    // The pane is narrower (or shorter) than the tab: keep the followed link in sight.
    change(&state) { $0.keepFocusedLinkInView() }
  }

  /// `D`: closes the pane, or docks the Lessons tab's open lesson. A pane reopened on the
  /// lesson it last showed keeps its own place.
  private static func toggle(in state: inout AppState) {
    if state.lessonPane.isOpen {
      state.lessonPane.isOpen = false
      state.lessonPane.focus = .screen
      state.lessonPane.isDragging = false
      return
    }
    guard let reader = LessonsScreen.reader(of: state) else {
      state.statusMessage = state.lessons.shelf.loadError.map { "No lessons to dock: \($0)" } ?? "No lessons to dock."
      return
    }
    if state.lessonPane.lessonID == reader.lesson.id {
      state.lessonPane.isOpen = true
      state.lessonPane.focus = .pane
    } else {
      dock(reader, in: &state)
    }
    if !LessonPaneLayout(state).isShown { state.statusMessage = tooSmallMessage }
  }

  /// `D` on the Lessons tab: the lesson being read, at its place and focused link, docked
  /// beside the screen last shown, which comes back.
  private static func dockBesideLastScreen(in state: inout AppState) -> [Effect] {
    guard let reader = LessonsScreen.reader(of: state) else {
      state.statusMessage = state.lessons.shelf.loadError.map { "No lessons to dock: \($0)" } ?? "No lessons to dock."
      return []
    }
    let effects = ConvScopeApp.update(&state, .selectScreen(state.lastScreen))
    dock(reader, in: &state)
    if !LessonPaneLayout(state).isShown { state.statusMessage = tooSmallMessage }
    return effects
  }

  static let tooSmallMessage = "No room for the lesson pane: it needs \(AppState.minimumSize.height + LessonPaneLayout.minimumPane.height) rows."

  /// `O`: the keys go to the other side.
  private static func switchFocus(in state: inout AppState) {
    guard state.lessonPane.isOpen else {
      state.statusMessage = "No lesson docked: D docks the open lesson."
      return
    }
    guard LessonPaneLayout(state).isShown else {
      state.statusMessage = tooSmallMessage
      return
    }
    state.lessonPane.focus = state.lessonPane.focus == .pane ? .screen : .pane
  }

  /// Follows the focused link. A screen link acts on the screens (the pane stays, at its
  /// place, with the keys, unless it has grown over the screen: then the screen gets the keys
  /// and the room back, to show what the link did); a lesson link opens that lesson in the
  /// pane; a quiz link goes to the Lessons tab, where quizzes are taken.
  static func follow(in state: inout AppState) -> [Effect] {
    guard let target = reader(of: state)?.focusedTarget else {
      state.statusMessage = LessonReader.noFocusMessage
      return []
    }
    do {
      let link = try LessonLink(parsing: target)
      switch link {
      case .lesson(let id, let section):
        open(id, section: section, in: &state)
        return []
      case .quiz:
        let effects = LessonLinkFollower.follow(link, in: &state)
        return effects + ConvScopeApp.update(&state, .selectScreen(.lessons))
      case .explore, .train, .compare:
        if LessonPaneLayout(state).isGrown { state.lessonPane.focus = .screen }
        return LessonLinkFollower.follow(link, in: &state)
      }
    } catch {
      state.statusMessage = "Cannot follow \(target): \(error)"
      return []
    }
  }

  /// Opens lesson `id` in the pane, at its top or at `section`.
  private static func open(_ id: String, section: String?, in state: inout AppState) {
    guard let lesson = state.lessons.shelf.lessons.first(where: { $0.id == id }) else {
      state.statusMessage = "No lesson \(id)."
      return
    }
    state.lessonPane.lessonID = lesson.id
    state.lessonPane.place = MarkdownPlace(block: section.flatMap { lesson.section($0)?.blockIndex } ?? 0)
    state.lessonPane.focusedLink = nil
    state.statusMessage = "Lesson: \(lesson.title)"
  }

  /// A press on the pane's edge starts dragging it (later presses and drags move it, a
  /// release ends it); a wheel step scrolls; a press on a link follows it; any press on the
  /// pane gives it the keys.
  private static func mouse(_ mouse: MouseEvent, in state: inout AppState) -> [Effect] {
    let layout = LessonPaneLayout(state)
    guard layout.isShown else { return [] }
    if state.lessonPane.isDragging {
      if let share = layout.share(draggingTo: mouse.point, terminal: state.terminalSize) {
        state.lessonPane.share = share
      }
      if mouse.kind == .release { state.lessonPane.isDragging = false }
      return []
    }
    switch mouse.button {
    case .wheelUp: return Self.update(&state, .scroll(-3))
    case .wheelDown: return Self.update(&state, .scroll(3))
    case .left where mouse.kind == .press:
      if layout.edge.contains(mouse.point) {
        state.lessonPane.isDragging = true
        return []
      }
      state.lessonPane.focus = .pane
      guard let reader = reader(of: state), let link = reader.view.link(at: mouse.point, in: reader.area),
        reader.lesson.actionLinks.contains(where: { $0.index == link })
      else { return [] }
      state.lessonPane.focusedLink = link
      return follow(in: &state)
    default:
      return []
    }
  }
}
