import Testing
import TestSupport

@testable import ConvScopeApp

/// Broken links are found when the lessons and tours load, each with its file and line.
@Suite struct LessonLinkAuditTests {
  static let lessonText = """
    # A test lesson

    Fine: [C3](convscope:explore?model=lenet5&layer=C3) and [the lesson](03-lenet5.md).

    Broken: [a section](03-lenet5.md#no-such-section),
    [a quiz](convscope:quiz?id=99-nothing) and [a digit](convscope:explore?model=lenet5&input=mnist:test:99999).
    """

  @Test func aLessonsBrokenLinksAreNamedWithTheirLines() throws {
    let lesson = try Lesson(id: "01-test", text: Self.lessonText, path: "lessons/01-test.md")
    let problems = LessonLinkAudit.problems(lessons: [lesson], tours: [], context: LessonActionTests.context)
    #expect(problems.map(\.line) == [5, 6, 6])
    #expect(problems.map(\.link) == ["03-lenet5.md#no-such-section", "convscope:quiz?id=99-nothing",
                                     "convscope:explore?model=lenet5&input=mnist:test:99999"])
    #expect(problems[0].description.hasPrefix("lessons/01-test.md:5: 03-lenet5.md#no-such-section: "))
    #expect(problems[0].description.contains("no such section"))
    #expect(problems[1].problem == "99-nothing: no quiz with this id (lessons/quizzes/99-nothing.md)")
    #expect(problems[2].problem.contains("past the last image"))
    #expect(problems.allSatisfy { $0.description.hasSuffix("(broken link)") })
  }

  @Test func aTourNamingNoLessonOrAMissingFileIsNamed() throws {
    let text = """
      # T

      <!-- lesson: 42-nothing -->

      ## One
      <!-- show: convscope:explore?model=lenet5&input=assets/images/no-such.ppm -->
      """
    let tour = try Tour(id: "t", text: text, path: "lessons/tours/t.md")
    let lesson = try Lesson(id: "03-lenet5", text: "# L\n", path: "lessons/03-lenet5.md")
    let problems = LessonLinkAudit.problems(lessons: [lesson], tours: [tour], context: LessonActionTests.context)
    #expect(problems.map(\.description) == [
      "lessons/tours/t.md:3: lesson: 42-nothing: no such lesson; known: 03-lenet5 (broken link)",
      "lessons/tours/t.md:5: convscope:explore?model=lenet5&input=assets/images/no-such.ppm: assets/images/no-such.ppm: "
        + "no such file under the assets folder (\(Fixtures.assets)) (broken link)",
    ])
  }

  /// The shipped lessons, quizzes and tours have none (the same links `LessonTests` and
  /// `TourPlayTests` resolve one by one).
  @Test func theShippedLessonsAndToursHaveNone() throws {
    let library = try LessonTests.loaded.get()
    let tours = TourShelf(directory: LessonTests.directory + "/tours")
    #expect(library.lessons.count == 10 && tours.tours.count == 3)
    let context = library.linkContext(assetsDirectory: Fixtures.assets)
    #expect(LessonLinkAudit.problems(lessons: library.lessons, tours: tours.tours, context: context).isEmpty)
  }
}
