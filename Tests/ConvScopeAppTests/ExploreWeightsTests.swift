import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// Weights given on the command line: which model they are for, that Explore loads them for
/// that model only, names the file in the title, and says plainly when they do not fit.
@Suite struct ExploreWeightsTests {
  static let lenetFile = Fixtures.packageRoot + "/assets/weights/lenet5.safetensors"
  static let modernFile = Fixtures.packageRoot + "/assets/weights/lenet5-modern.safetensors"

  @Test func theDeclaredModelIsReadFromTheHeader() {
    #expect(ExploreWeights.declaredModel(ofFile: Self.lenetFile) == "lenet5")
    #expect(ExploreWeights.declaredModel(ofFile: Self.modernFile) == "lenet5-modern")
    #expect(ExploreWeights.declaredModel(ofFile: Fixtures.packageRoot + "/README.md") == nil)
    #expect(ExploreWeights.declaredModel(ofFile: "/no/such/file") == nil)
  }

  @Test func aTorchvisionStateDictIsForTheTorchvisionLayout() throws {
    let path = NSTemporaryDirectory() + "convscope-tv-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try SafeTensors.write([NamedTensor(name: "features.0.weight", shape: [1], values: [0])], to: path)
    #expect(ExploreWeights.declaredModel(ofFile: path) == "alexnet-torchvision")
  }

  @Test func theUserFileIsUsedForItsModelAndNamedInTheTitle() throws {
    var state = AppState(size: Size(width: 120, height: 40))
    state.explore = ExploreState(model: "lenet5", userWeights: ExploreWeights(model: "lenet5", path: Self.lenetFile))
    let effects = update(&state, .tick)
    let request = ExploreRequest.forward(model: "lenet5", input: .dataset("mnist", index: 0), weights: Self.lenetFile)
    #expect(effects == [.startEngineWork(.explore(request))])
    ExploreLinkTests.runEngine(effects, in: &state)
    let trace = try #require(state.explore.trace)
    #expect(trace.userWeightsFile == Self.lenetFile)
    #expect(ExploreView.title(state.explore) == " Explore · lenet5 · weights lenet5.safetensors ")
    // Another model keeps its own weights, and coming back uses the file again.
    _ = update(&state, .explore(.cycleModel))
    #expect(state.explore.model == "lenet5-modern" && state.explore.weightsFile == nil)
    #expect(state.explore.userWeights?.path == Self.lenetFile)
    for _ in 1..<ExploreState.models.count { _ = update(&state, .explore(.cycleModel)) }
    #expect(state.explore.model == "lenet5" && state.explore.weightsFile == Self.lenetFile)
  }

  @Test func aFileForAnotherModelIsReportedOnScreenNamingTheFile() throws {
    var state = AppState(size: Size(width: 120, height: 40))
    state.explore = ExploreState(
      model: "lenet5-modern", userWeights: ExploreWeights(model: "lenet5-modern", path: Self.lenetFile))
    ExploreLinkTests.runEngine(update(&state, .tick), in: &state)
    let error = try #require(state.explore.error)
    #expect(error.hasPrefix(Self.lenetFile + ": "), "\(error)")
    #expect(state.explore.trace == nil)
    let screen = ScreenSnapshotTests.draw(state, width: 120, height: 40)
    #expect(screen.contains("Could not run the forward pass"))
    #expect(screen.contains("lenet5.safetensors"))
    // The quiet-turn tick does not retry (and re-read) a file that failed.
    #expect(update(&state, .tick).isEmpty)
  }
}
