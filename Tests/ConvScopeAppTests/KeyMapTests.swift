import TerminalUI
import Testing

@testable import ConvScopeApp

/// The key table is the single source of truth: every binding works, is documented in help,
/// and the footer never advertises a key that does nothing where it is shown.
@Suite struct KeyMapTests {
  /// One state per place a binding can apply: each screen, and the quit question.
  static var states: [AppState] {
    var result = Screen.allCases.map { screen -> AppState in
      var state = AppState(size: Size(width: 100, height: 30))
      state.screen = screen
      return state
    }
    var asking = AppState(size: Size(width: 100, height: 30))
    asking.train.isRunning = true
    asking.isQuitPending = true
    result.append(asking)
    // A lesson docked beside Train: first with the keys, then with Train holding them.
    var docked = AppState(size: Size(width: 100, height: 30), lessons: testLessons)
    docked.screen = .train
    _ = update(&docked, .lessonPane(.toggle))
    result.append(docked)
    docked.lessonPane.focus = .screen
    result.append(docked)
    return result
  }

  static func renderedText(_ state: AppState) -> String {
    var frame = Frame(buffer: ScreenBuffer(size: state.terminalSize))
    render(state, into: &frame)
    return frame.buffer.plainText()
  }

  /// Each screen's help lists its own keys and the general ones; together they cover the table.
  @Test func everyBindingAppearsInTheHelpOverlay() {
    var covered = Set<String>()
    for screen in Screen.allCases {
      // A roomy terminal shows a screen's whole help; smaller ones say how much is hidden.
      var state = AppState(size: Size(width: 120, height: 50))
      state.screen = screen
      state.isHelpVisible = true
      let help = Self.renderedText(state)
      for binding in KeyMap.bindings {
        let applies: Bool
        if case .screens(let s) = binding.scope { applies = s.contains(screen) } else { applies = true }
        guard applies else { continue }
        #expect(help.contains(binding.label), "\(screen) help lacks the key \(binding.label)")
        #expect(help.contains(binding.description), "\(screen) help lacks \(binding.description)")
        covered.insert(binding.label + binding.description)
      }
    }
    #expect(covered.count == Set(KeyMap.bindings.map { $0.label + $0.description }).count)
  }

  @Test(arguments: Screen.allCases) func helpStillFitsTheSmallestSupportedTerminal(_ screen: Screen) {
    var state = AppState(size: AppState.minimumSize)
    state.screen = screen
    state.isHelpVisible = true
    let help = Self.renderedText(state)
    let entries = KeyMap.helpEntries(for: screen)
    // What fits is listed in order; what does not is counted on the last row, never dropped silently.
    // Long descriptions may be cut at the box's edge, so look for their first 20 characters.
    let shown = entries.prefix { help.contains(String($0.description.prefix(20))) }
    #expect(shown.count >= 8, "\(screen): only \(shown.count) help rows fit")
    if shown.count < entries.count {
      #expect(help.contains(HelpOverlay.moreLine(entries.count - shown.count, unicode: true)), "\(screen)")
    }
  }

  /// A tour playing on Explore, its step's text docked below: the tour's keys apply.
  static var touring: AppState {
    var state = AppState(size: Size(width: 100, height: 30))
    let tour = try? Tour(id: "t", text: "# T\n## S\n<!-- show: convscope:explore?model=lenet5 -->\n<!-- advance: 5s -->")
    state.tour.shelf = TourShelf(tours: tour.map { [$0] } ?? [])
    _ = update(&state, .tour(.play("t")))
    return state
  }

  /// While a tour plays its keys come first on every screen (space and the arrows step
  /// through it, p pauses it, Esc leaves it); every other key keeps its one meaning.
  @Test func aPlayingTourTakesItsKeysFirstAndOnlyThose() {
    let state = Self.touring
    #expect(state.tour.isPlaying)
    var seen: [KeyEvent: String] = [:]
    for binding in KeyMap.activeBindings(in: state) {
      for key in binding.keys {
        if case .tour = binding.scope {
          #expect(KeyMap.action(for: key, in: state).map { if case .tour = $0 { true } else { false } } == true)
        } else if !KeyMap.bindings.contains(where: { $0.scope == .tour && $0.matches(key) }) {
          #expect(seen[key] == nil, "\(key) is bound by \(seen[key] ?? "") and \(binding.label)")
        }
        seen[key] = binding.label
      }
    }
    #expect(KeyMap.footerHints(for: state).map(\.key).prefix(6) == ["q", "?/F1", "space/→", "←", "p", "esc"])
  }

  @Test func everyBoundKeyDoesSomethingSomewhere() {
    for binding in KeyMap.bindings {
      for key in binding.keys {
        let works = (Self.states + [Self.touring]).contains { state in
          binding.scope.applies(in: state) && KeyMap.action(for: key, in: state) != nil
        }
        #expect(works, "\(key) (\(binding.label)) never does anything")
      }
    }
  }

  @Test func noKeyHasTwoMeaningsInTheSameState() {
    for state in Self.states {
      var seen: [KeyEvent: String] = [:]
      for binding in KeyMap.activeBindings(in: state) {
        for key in binding.keys {
          #expect(seen[key] == nil, "\(key) is bound by \(seen[key] ?? "") and \(binding.label)")
          seen[key] = binding.label
        }
      }
    }
  }

  @Test func unboundKeysDoNothing() {
    var state = AppState()
    state.screen = .train  // Explore uses the arrows; Train does not
    for key in [KeyEvent.char("X"), KeyEvent(.up), KeyEvent(.char("q"), modifiers: .ctrl), .char("Q")] {
      #expect(KeyMap.action(for: key, in: state) == nil)
    }
  }

  @Test(arguments: states) func footerListsOnlyKeysThatWorkHere(_ state: AppState) {
    let hints = KeyMap.footerHints(for: state)
    #expect(!hints.isEmpty)
    for hint in hints {
      let binding = KeyMap.bindings.first { $0.footerHint == hint && $0.scope.applies(in: state) }
      #expect(binding != nil, "footer shows \(hint.key) where it does not apply")
    }
    let footer = Self.renderedText(state).split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
    for hint in hints { #expect(footer.contains("\(hint.key) \(hint.description)")) }
  }

  @Test func followingARunShowsInTheFooterOnlyWhenThereIsARun() {
    var state = AppState()
    state.screen = .explore
    #expect(!KeyMap.footerHints(for: state).contains { $0.key == "R" })
    #expect(KeyMap.action(for: .char("R"), in: state) != nil)  // still a key: it says where to start one
    state.train.progress = TrainProgress(model: "lenet5-modern", dataset: "mnist")
    #expect(KeyMap.footerHints(for: state).contains { $0.key == "R" && $0.description == "live" })
  }

  @Test func screenKeysShowOnlyOnTheirScreen() {
    for state in Self.states {
      let showsRecompute = KeyMap.footerHints(for: state).contains { $0.key == "r" }
      #expect(showsRecompute == (state.screen == .compare && !state.isQuitPending))
    }
  }

  @Test func narrowFootersDropWholeHints() {
    let hints = KeyMap.footerHints(for: AppState())
    let fitted = RootView.fitting(hints, width: 30, message: nil)
    #expect(fitted == Array(hints.prefix(fitted.count)))
    let width = fitted.map { $0.key.count + 1 + $0.description.count }.reduce(0, +) + 2 * (fitted.count - 1)
    #expect(width <= 30)
  }
}
