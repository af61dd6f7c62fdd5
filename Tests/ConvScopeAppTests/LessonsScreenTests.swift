import Foundation
import TerminalUI
import Testing

@testable import ConvScopeApp

/// Link focus and following on the Lessons screen, and a quiz taken through `update`.
@Suite struct LessonsScreenTests {
  static func lessonsState() -> AppState {
    var state = AppState(size: Size(width: 100, height: 30), lessons: testLessons)
    state.screen = .lessons
    return state
  }

  /// The shelf is the workbench's, handed in, not the process's: two states in one process
  /// show their own lessons, and a state given none has none (and says why on screen).
  @Test func twoWorkbenchesShowTheirOwnLessons() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shelf-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "# Only lesson\n\n<!-- minutes: 1 -->\n\nOne paragraph.\n".write(toFile: folder + "/01-only.md", atomically: true, encoding: .utf8)
    let mine = LessonShelf.load(explicit: folder)
    #expect(mine.loadError == nil)
    #expect(mine.lessons.map(\.id) == ["01-only"])
    let one = AppState(lessons: mine), other = AppState(lessons: testLessons)
    #expect(one.lessons.lesson?.id == "01-only")
    #expect(other.lessons.shelf.lessons.count == 10)
    #expect(other.lessons.lesson?.id == "01-convolution")
    #expect(AppState().lessons.shelf.lessons.isEmpty)
    let missing = LessonShelf.load(explicit: folder + "/nowhere")
    #expect(missing.lessons.isEmpty)
    #expect(missing.loadError?.contains("nowhere") == true)
  }

  @Test func bracketsFocusActionLinksInOrder() throws {
    var state = Self.lessonsState()
    let lesson = try #require(state.lessons.lesson)
    let links = lesson.actionLinks.map(\.index)
    try #require(links.count >= 2)
    _ = update(&state, try #require(KeyMap.action(for: .char("]"), in: state)))
    #expect(state.lessons.focusedLink == links[0])
    _ = update(&state, .lessons(.moveLinkFocus(1)))
    #expect(state.lessons.focusedLink == links[1])
    _ = update(&state, .lessons(.moveLinkFocus(-1)))
    #expect(state.lessons.focusedLink == links[0])
  }

  @Test func followingALinkSwitchesScreensAndKeepsTheLesson() throws {
    var state = Self.lessonsState()
    let shelf = state.lessons.shelf
    // Find a lesson with a link to another screen and follow it.
    for lesson in shelf.lessons {
      for (index, link) in lesson.actionLinks {
        guard let action = try? LessonLink(parsing: link.target) else { continue }
        if case .lesson = action { continue }
        if case .quiz = action { continue }
        _ = update(&state, .lessons(.open(id: lesson.id, section: nil)))
        state.lessons.focusedLink = index
        _ = update(&state, try #require(KeyMap.action(for: KeyEvent(.enter), in: state)))
        #expect(state.screen != .lessons)
        #expect(state.statusMessage != nil)
        #expect(state.lessons.lessonID == lesson.id)
        #expect(state.lessons.focusedLink == index)
        return
      }
    }
    Issue.record("no lesson has a link to another screen")
  }

  @Test func quizGradesTypedAnswersAndKeepsScore() throws {
    var state = Self.lessonsState()
    let lesson = try #require(state.lessons.shelf.lessons.first { !$0.quizzes.isEmpty })
    _ = update(&state, .lessons(.open(id: lesson.id, section: nil)))
    _ = update(&state, .lessons(.startQuiz))
    #expect(state.lessons.quiz != nil)
    // Plain keys are typing while the quiz is open: q must not quit.
    #expect(InputRouter.action(for: .key(.char("q")), in: state) == .lessons(.quizType("q")))
    // A right first answer is graded at once (a miss would show the hint first).
    _ = update(&state, .lessons(.quizType("b")))
    _ = update(&state, .lessons(.quizEnter))
    #expect(state.lessons.quiz?.graded.count == 1)
    #expect(state.lessons.quiz?.current != nil)
    _ = update(&state, .lessons(.quizEnter))
    #expect(state.lessons.quiz?.questionIndex == 1)
    _ = update(&state, .lessons(.quizClose))
    #expect(state.lessons.quiz == nil)
  }

  @Test func lessonsScreenSnapshot() {
    var state = Self.lessonsState()
    _ = update(&state, .lessons(.moveLinkFocus(1)))
    Snapshot.assert(ScreenSnapshotTests.draw(state), named: "lessons-focused-link-100x30")
  }
}
