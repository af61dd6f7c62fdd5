import ConvEngine
import TerminalUI
import Testing
import TestSupport

@testable import ConvScopeApp

/// Following a `convscope:explore?…` lesson link sets the Explore screen up: model (with
/// AlexNet's width and input size), input, and, once the pass arrives, the layer and map.
@Suite struct ExploreLinkTests {
  /// Follows `link` through the pure update, as Enter on a focused lesson link does.
  static func follow(_ link: String, in state: inout AppState) throws -> [Effect] {
    LessonLinkFollower.follow(try LessonLink(parsing: link), in: &state)
  }

  /// Performs the effects' engine work and feeds the results back, as the loop would.
  static func runEngine(_ effects: [Effect], in state: inout AppState) {
    for case .startEngineWork(let request) in effects {
      let more = update(&state, .engineReported(testEngine.perform(request)))
      runEngine(more, in: &state)
    }
  }

  @Test func aLeNetLinkSelectsModelInputLayerAndMap() throws {
    var state = AppState(size: Size(width: 120, height: 40))
    state.screen = .lessons
    let effects = try Self.follow("convscope:explore?model=lenet5&layer=C3&input=mnist:test:7&map=2", in: &state)
    #expect(state.screen == .explore)
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5", input: .dataset("mnist", index: 7))))])
    Self.runEngine(effects, in: &state)
    let e = state.explore
    #expect(e.model == "lenet5")
    #expect(e.input == .dataset("mnist", index: 7))
    #expect(e.currentLayer?.name == "C3")
    #expect(e.layer == 3)
    #expect(e.selectedMap == 2)
    #expect(e.pendingLayer == nil && e.pendingMap == nil)
    #expect(state.statusMessage == "Explore: model lenet5, layer C3, input mnist:test:7, map 2")
  }

  @Test func aMapOnALaterPageTurnsToThatPage() throws {
    var state = AppState(size: Size(width: 80, height: 24))
    Self.runEngine(try Self.follow("convscope:explore?model=lenet5&layer=C3&input=mnist:test:0&map=15", in: &state), in: &state)
    let perPage = state.explore.mapsPerPage(size: state.size)
    #expect(state.explore.selectedMap == 15)
    #expect(state.explore.page == 15 / perPage)
  }

  @Test func theSameInputAgainSelectsAtOnce() throws {
    var state = ExploreTests.state()
    _ = update(&state, .explore(.move(dx: 1, dy: 0)))
    let effects = try Self.follow("convscope:explore?model=lenet5&layer=output&input=mnist:test:0", in: &state)
    #expect(effects.isEmpty)
    #expect(state.explore.currentLayer?.name == "output")
  }

  @Test func aWidthReducedAlexNetLinkRunsOnTheSamplePhoto() throws {
    var state = AppState(size: Size(width: 120, height: 40))
    let effects = try Self.follow(
      "convscope:explore?model=alexnet&width=0.25&layer=CONV2&input=assets/images/coffee_227.ppm&map=5", in: &state)
    #expect(state.explore.model == "alexnet@0.25")
    #expect(state.explore.input == .photo("coffee"))
    Self.runEngine(effects, in: &state)
    #expect(state.explore.trace?.model == "alexnet@0.25")
    #expect(state.explore.currentLayer?.name == "conv2")
    #expect(state.explore.selectedMap == 5)
  }

  @Test func inputSizeAndTrainingImagesMapToExploreTerms() throws {
    var state = AppState()
    _ = try Self.follow("convscope:explore?model=alexnet&inputsize=224&layer=conv1&input=assets/images/chelsea_227.ppm", in: &state)
    #expect(state.explore.model == "alexnet-224px")
    #expect(state.explore.input == .photo("chelsea"))
    #expect(try ModelChoice("alexnet-224px")?.spec().input.h == 224)
    _ = try Self.follow("convscope:explore?model=lenet5-modern&layer=C1&input=fashion-mnist:train:3", in: &state)
    #expect(state.explore.model == "lenet5-modern")
    #expect(state.explore.input == .file("fashion-mnist:train:3"))
  }

  @Test func aLayerTheModelLacksIsReported() throws {
    var state = AppState(size: Size(width: 120, height: 40))
    // The parser checks layer names against the spec, so build the link by hand: the screen
    // must still cope with one it cannot find.
    let link = LessonLink.explore(LessonExplore(
      model: ModelChoice(name: "lenet5"), layer: "conv1", input: .dataset(.mnist, .test, index: 0)))
    Self.runEngine(LessonLinkFollower.follow(link, in: &state), in: &state)
    #expect(state.explore.layer == 0)
    #expect(state.statusMessage?.contains("lenet5 has no layer conv1") == true)
  }

  @Test func everyExploreLinkInTheLessonsSetsUpItsLayer() throws {
    // The real lessons' links (LeNet-5 ones run; AlexNet ones are checked for their names).
    let shelf = testLessons
    var checked = 0
    for lesson in shelf.lessons {
      for (_, link) in lesson.actionLinks {
        guard case .explore(let explore)? = try? LessonLink(parsing: link.target) else { continue }
        let setup = ExploreSetup(explore)
        // A lesson's model file is read from the lessons folder, as following the link does.
        let spec = ModelFile.isModelFile(setup.model)
          ? try ModelFile.read(path: LessonPaths.underLessons(setup.model, lessonsDirectory: Fixtures.packageRoot + "/lessons"))
          : try #require(ModelChoice(setup.model)).spec()
        if let layer = explore.layer {
          #expect(spec.layers.contains { $0.name.lowercased() == layer.lowercased() } || layer == "input", "\(link.target)")
        }
        checked += 1
      }
    }
    #expect(checked > 10)
  }

  @Test func modelNamesRoundTrip() {
    for name in ExploreState.models + ["alexnet-224px", "alexnet@0.25-67px", "alexnet-torchvision@0.5"] {
      #expect(ModelChoice(name)?.text == name, "\(name)")
    }
    #expect(ModelChoice("alexnet-227px")?.text == "alexnet")
    #expect(ModelChoice("lenet6") == nil)
    #expect(ModelChoice("alexnet@x") == nil)
    #expect(ModelChoice(name: "alexnet", width: 0.25, inputSize: 67).text == "alexnet@0.25-67px")
    // The engine names such specs the same way, so a checkpoint's declared model matches.
    #expect((try? ModelChoice("alexnet@0.25-67px")?.spec().name) == "alexnet@0.25-67px")
  }
}
