import ConvEngine
import TerminalUI
import Testing
import TestSupport

@testable import ConvScopeApp

/// Lesson links naming a model file in `lessons/models/`: parsed without reading it, checked
/// against the file in the lessons folder, and followed to that file wherever the workbench
/// was started.
@Suite struct LessonModelFileLinkTests {
  static let lessons = Fixtures.packageRoot + "/lessons"
  static let context = LessonLinkContext(assetsDirectory: Fixtures.assets, lessonSections: [:], quizIDs: [],
                                         lessonsDirectory: lessons)

  @Test func exploreAndTrainLinksParseToTheFile() throws {
    let explore = try LessonLink(parsing: "convscope:explore?model=lessons/models/lenet5-c1-12.convnet&layer=c1&map=11")
    #expect(explore == .explore(LessonExplore(model: ModelChoice(name: "lessons/models/lenet5-c1-12.convnet"), layer: "c1",
                                              map: 11)))
    let train = try LessonLink(parsing: "convscope:train?model=lessons/models/lenet5-3x3.convnet&epochs=1&limit=1000")
    guard case .train(let t) = train else { Issue.record("not train"); return }
    #expect(t.model == ModelChoice(name: "lessons/models/lenet5-3x3.convnet") && t.epochs == 1 && t.limit == 1000)
    // Both files exist and have what the links name (C1 of the 12-map model has maps 0…11).
    try Self.context.check(explore)
    try Self.context.check(train)
  }

  @Test(arguments: [
    ("convscope:explore?model=my.convnet", "a model file in a link must be in lessons/models/"),
    ("convscope:explore?model=lessons/models/../../x.convnet", "a model file in a link must be in lessons/models/"),
    ("convscope:explore?model=/etc/x.convnet", "a model file in a link must be in lessons/models/"),
    ("convscope:train?model=lessons/models/lenet5-3x3.convnet&width=0.5", "a model file sets its own sizes"),
  ])
  func badModelFileLinksAreRejectedWhenParsed(link: String, problem: String) {
    #expect(throws: LessonError.self) { try LessonLink(parsing: link) }
    do { _ = try LessonLink(parsing: link) } catch { #expect("\(error)".contains(problem), "\(error)") }
  }

  @Test(arguments: [
    ("convscope:explore?model=lessons/models/no-such.convnet", "no such file"),
    ("convscope:explore?model=lessons/models/lenet5-3x3.convnet&layer=C1", "has no layer \"C1\"; its layers: C1a, C1b"),
    ("convscope:explore?model=lessons/models/lenet5-c1-12.convnet&layer=C1&map=12", "map=12 is past the last map of C1 (it has 12"),
    ("convscope:train?model=lessons/models/no-such.convnet", "no such file"),
  ])
  func linksToMissingFilesOrLayersFailTheCheck(link: String, problem: String) throws {
    let parsed = try LessonLink(parsing: link)
    do {
      try Self.context.check(parsed)
      Issue.record("\(link) passed the check")
    } catch {
      #expect("\(error)".contains(problem), "\(error)")
    }
  }

  /// Following a link opens the file in the lessons folder the workbench loaded.
  @Test func followingOpensTheFileInTheLessonsFolder() throws {
    var state = AppState(size: Size(width: 120, height: 40), lessons: LessonShelf(lessons: [], directory: "/opt/convscope/lessons"))
    let link = try LessonLink(parsing: "convscope:explore?model=lessons/models/lenet5-c1-12.convnet&layer=C1")
    let effects = LessonLinkFollower.follow(link, in: &state)
    let path = "/opt/convscope/lessons/models/lenet5-c1-12.convnet"
    #expect(state.screen == .explore)
    #expect(state.explore.model == path)
    #expect(state.explore.pendingLayer == "C1")
    #expect(effects.contains(.startEngineWork(.explore(.forward(model: path, input: .dataset("mnist", index: 0))))))
    #expect(state.statusMessage == "Explore: model lessons/models/lenet5-c1-12.convnet, layer C1")

    let train = try LessonLink(parsing: "convscope:train?model=lessons/models/lenet5-3x3.convnet&epochs=1")
    _ = LessonLinkFollower.follow(train, in: &state)
    #expect(state.screen == .train)
    #expect(state.train.next.model.name == "/opt/convscope/lessons/models/lenet5-3x3.convnet")
    #expect(state.train.next.fileStem == "lenet5-3x3-mnist")
  }
}
