import ConvEngine
import Testing
import TestSupport
@testable import ConvScopeApp

/// Issue 19: every input that ever failed the lesson fuzz targets (Tests/Fixtures/fuzz/) goes
/// through the same parsers as in its target again (Fuzz/FuzzLesson, Fuzz/FuzzLessonLink,
/// Fuzz/FuzzTour):
/// each must end in a value or an error. FuzzLesson reads each text one way (lesson or quiz, by
/// its length); here every text goes through both. The file readers' inputs are replayed in
/// ConvEngineTests (FileLimitTests).
@Suite struct FuzzRegressionTests {
  @Test func everyLessonInputTheFuzzersFoundStillParses() throws {
    let inputs = try FuzzFixtures.inputs(of: ["FuzzLesson", "FuzzLessonLink", "FuzzTour"],
                                         replayedElsewhere: ["FuzzSafeTensors", "FuzzIDX", "FuzzPNG", "FuzzJPEG", "FuzzPNM",
                                                             "FuzzTimeLapse", "FuzzModelFile"])
    for input in inputs {
      let text = String(decoding: input.bytes, as: UTF8.self)
      if input.target == "FuzzTour" {
        // As Fuzz/FuzzTour: a tour that parses describes every step and lays out its pane.
        if let tour = try? Tour(id: "fuzz", text: text.withoutControlCharacters) {
          for (index, step) in tour.steps.enumerated() {
            _ = step.summary(number: index + 1)
            _ = step.paneText(number: index + 1, of: tour.steps.count)
          }
        }
        continue
      }
      if input.target == "FuzzLessonLink" {
        _ = LessonLink.isActionTarget(text)
        _ = try? LessonLink(parsing: text)
        continue
      }
      let clean = text.withoutControlCharacters
      if let lesson = try? Lesson(id: "01-fuzz", text: clean) {
        _ = lesson.actionLinks
        _ = LessonMarkup.comments(in: clean)
      }
      _ = try? Quiz(id: "01-fuzz", text: clean)
    }
  }
}
