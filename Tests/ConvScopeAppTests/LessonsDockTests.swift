import TerminalUI
import Testing

@testable import ConvScopeApp

/// `D` on the Lessons tab, and a quiz review's workbench link: both bring back a screen with
/// the lesson docked beside it.
@Suite struct LessonsDockTests {
  @Test func capitalDOnTheLessonsTabDocksTheLessonBesideTheLastScreen() throws {
    var state = AppState(size: Size(width: 160, height: 45), lessons: testLessons)
    _ = update(&state, .selectScreen(.compare))
    _ = update(&state, .selectScreen(.lessons))
    _ = update(&state, .lessons(.open(id: "03-lenet5", section: "c3-and-its-connection-table")))
    _ = update(&state, .lessons(.moveLinkFocus(1)))
    let focused = try #require(state.lessons.focusedLink)
    let action = try #require(KeyMap.action(for: .char("D"), in: state))
    #expect(action == .lessonPane(.dockBesideLastScreen))
    _ = update(&state, action)
    #expect(state.screen == .compare)
    #expect(state.lessonPane.isOpen && state.lessonPane.lessonID == "03-lenet5")
    #expect(state.lessonPane.focusedLink == focused)
    #expect(state.isLessonPaneFocused)
    // The pane reads on from the Lessons tab's place, in the C3 section.
    let section = try #require(testLessons.lesson("03-lenet5")?.section("c3-and-its-connection-table"))
    #expect(state.lessonPane.place.block >= section.blockIndex)
    #expect(state.lastScreen == .compare)
  }

  @Test func theLastScreenIsExploreUntilAnotherIsShown() throws {
    var state = AppState(size: Size(width: 100, height: 30), lessons: testLessons)
    state.screen = .lessons
    _ = update(&state, .lessonPane(.dockBesideLastScreen))
    #expect(state.screen == .explore)
    #expect(state.lessonPane.isOpen && state.lessonPane.lessonID == testLessons.lessons.first?.id)
  }

  @Test func aQuizReviewLinkToAViewDocksTheLessonAtThatLink() throws {
    var state = try QuizScreenTests.quizState(width: 160, height: 45)
    QuizScreenTests.takeQuiz(&state)
    // The last missed question (see-c1) is an Explore view.
    _ = update(&state, .lessons(.quizMoveReview(1)))
    _ = update(&state, .lessons(.quizMoveReview(1)))
    _ = update(&state, .lessons(.quizEnter))
    #expect(state.screen == .explore)
    #expect(state.lessonPane.isOpen && state.lessonPane.lessonID == "01-convolution")
    let lesson = try #require(testLessons.lesson("01-convolution"))
    let link = try #require(state.lessonPane.focusedLink)
    #expect(lesson.links[link].target.hasPrefix("convscope:explore?"))
  }
}
