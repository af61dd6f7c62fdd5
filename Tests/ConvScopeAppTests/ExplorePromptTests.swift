import ConvEngine
import Foundation
import TerminalUI
import TestSupport
import Testing

@testable import ConvScopeApp

/// The Explore prompt: a test image by index and an image file by path, typed through the
/// real key routing, submitted through the pure update, and loaded by the engine work.
@Suite struct ExplorePromptTests {
  /// Sends keys as the loop would (router first, then update) and collects the effects.
  static func press(_ keys: [KeyEvent], _ state: inout AppState) -> [Effect] {
    var effects: [Effect] = []
    for key in keys {
      guard let action = InputRouter.action(for: .key(key), in: state) else { continue }
      effects += update(&state, action)
    }
    return effects
  }

  static func type(_ text: String) -> [KeyEvent] { text.map { KeyEvent.char($0) } }

  @Test func anIndexTypedAtThePromptLoadsThatTestImage() {
    var state = ExploreTests.state()
    #expect(Self.press([.char("g")], &state).isEmpty)
    #expect(state.explore.prompt?.kind == .index(dataset: "mnist"))
    // While the prompt is open, q and digits are typing: they neither quit nor switch screens.
    #expect(Self.press(Self.type("q1") + [KeyEvent(.left), KeyEvent(.backspace), KeyEvent(.end)] + Self.type("23"), &state).isEmpty)
    #expect(state.explore.prompt?.editor.text == "123")
    #expect(state.screen == .explore)
    let effects = Self.press([KeyEvent(.enter)], &state)
    #expect(state.explore.prompt == nil)
    #expect(state.explore.input == .dataset("mnist", index: 123))
    #expect(effects == [.startEngineWork(.explore(.forward(model: "lenet5", input: .dataset("mnist", index: 123))))])
  }

  @Test(arguments: ["abc", "10000", "-1", "", "  "]) func badIndexTextKeepsThePromptOpenWithAReason(_ text: String) {
    var state = ExploreTests.state()
    _ = Self.press([.char("#")] + Self.type(text), &state)
    let effects = Self.press([KeyEvent(.enter)], &state)
    #expect(effects.isEmpty)
    #expect(state.explore.input == .dataset("mnist", index: 0))
    let message = state.explore.prompt?.error ?? ""
    #expect(message.contains("0 to 9999"), "\(message)")
    #expect(state.statusMessage == message)
    // Typing again clears the reason; Esc closes the prompt without loading anything.
    _ = Self.press([.char("7")], &state)
    #expect(state.explore.prompt?.error == nil)
    #expect(Self.press([KeyEvent(.escape)], &state).isEmpty)
    #expect(state.explore.prompt == nil && state.explore.input == .dataset("mnist", index: 0))
  }

  @Test func theIndexPromptUsesTheCurrentDataset() {
    var state = ExploreTests.state()
    _ = update(&state, .explore(.cycleDataset))
    _ = Self.press([.char("g")] + Self.type("5") + [KeyEvent(.enter)], &state)
    #expect(state.explore.input == .dataset("fashion-mnist", index: 5))
  }

  @Test func ctrlCStillQuitsFromThePrompt() {
    var state = ExploreTests.state()
    _ = Self.press([.char("o")], &state)
    #expect(InputRouter.action(for: .key(KeyEvent(.char("c"), modifiers: .ctrl)), in: state) == .confirmQuit)
  }

  @Test func thePromptFooterListsItsOwnKeys() {
    var state = ExploreTests.state(size: Size(width: 100, height: 30))
    _ = Self.press([.char("o")], &state)
    let screen = ScreenSnapshotTests.draw(state)
    #expect(screen.contains("Image file (PNG, JPEG, PPM, PGM):"))
    #expect(screen.contains("enter load  esc cancel"))
    #expect(!screen.contains("enter zoom"))
  }

  @Test func aRefusedIndexSnapshot() {
    var state = ExploreTests.state(size: Size(width: 100, height: 30))
    _ = Self.press([.char("g")] + Self.type("12x") + [KeyEvent(.enter), KeyEvent(.left)], &state)
    let screen = ScreenSnapshotTests.draw(state)
    #expect(screen.contains("mnist test image # (0–9999): 12x"))
    #expect(screen.contains("\"12x\" is not an index from 0 to 9999"))
    Snapshot.assert(screen, named: "explore-index-prompt-refused-100x30")
  }

  @Test func aTypedPathLoadsTheFileThroughTheEngine() throws {
    var state = ExploreTests.state()
    let path = Fixtures.packageRoot + "/assets/images/coffee_227.ppm"
    let effects = Self.press([.char("o")] + Self.type(path) + [KeyEvent(.enter)], &state)
    #expect(state.explore.input == .file(path))
    let request = try #require(effects.first)
    guard case .startEngineWork(.explore(let work)) = request, case .forwardFinished(let trace) = testEngine.explore(work)
    else {
      Issue.record("the file did not load: \(effects)")
      return
    }
    // LeNet-5 sees the photo as a 28×28 digit, exactly as `forward --input FILE` does.
    let cli = try InputSource.load(path, for: try ModelCatalog.spec(named: "lenet5"), assets: Fixtures.packageRoot + "/assets")
    #expect(trace.layers[0].values == Array(cli.tensor.array.prefix(32 * 32)))
    _ = update(&state, .engineReported(.explore(.forwardFinished(trace))))
    #expect(state.explore.trace?.input == .file(path))
    #expect(ScreenSnapshotTests.draw(state, width: 120, height: 40).contains("Input: file coffee_227.ppm"))
    // The path prompt opens on the last file typed, so a typo is one edit away.
    _ = Self.press([.char("o")], &state)
    #expect(state.explore.prompt?.editor.text == path)
  }

  @Test func aMissingFileIsNamedInTheStatusLineAndTheShownImageStays() throws {
    var state = ExploreTests.state()
    let effects = Self.press([.char("o")] + Self.type("no/such/picture.png") + [KeyEvent(.enter)], &state)
    guard case .startEngineWork(.explore(let work)) = try #require(effects.first) else { return }
    let event = testEngine.explore(work)
    guard case .failed(let message) = event else {
      Issue.record("expected a failure, got \(event)")
      return
    }
    #expect(message.hasPrefix("no/such/picture.png: "), "\(message)")
    _ = update(&state, .engineReported(.explore(event)))
    #expect(state.statusMessage == message)
    // The screen still shows test digit 0, so browsing goes on from there.
    #expect(state.explore.input == .dataset("mnist", index: 0))
    _ = update(&state, .explore(.stepInput(1)))
    #expect(state.explore.input == .dataset("mnist", index: 1))
  }

  /// Issue 19, item 3: an image whose size would need gigabytes once resized (a 33,554,432×1
  /// strip) is refused from its header, on LeNet-5's digit path and on AlexNet's photo path,
  /// with its size and the limit in the status line; the shown image stays.
  @Test func anImageTooLargeToResizeIsRefusedInTheStatusLine() throws {
    let path = Fixtures.temporaryDirectory() + "/strip.pgm"
    try Data(Array("P5\n33554432 1\n255\n".utf8) + [0]).write(to: URL(fileURLWithPath: path))
    var state = ExploreTests.state()
    let effects = Self.press([.char("o")] + Self.type(path) + [KeyEvent(.enter)], &state)
    guard case .startEngineWork(.explore(let work)) = try #require(effects.first) else { return }
    let session = EngineSession()
    let event = session.explore(work)
    guard case .failed(let message) = event else {
      Issue.record("expected a failure, got \(event)")
      return
    }
    #expect(message.hasPrefix(path + ": "), "\(message)")
    #expect(message.contains("33,554,432") && message.contains("65,535 pixels a side"), "\(message)")
    _ = update(&state, .engineReported(.explore(event)))
    #expect(state.statusMessage == message)
    #expect(state.explore.input == .dataset("mnist", index: 0))
    guard case .failed(let alexNet) = session.explore(.forward(model: "alexnet@0.25", input: .file(path))) else {
      Issue.record("AlexNet ran on a 33,554,432×1 image")
      return
    }
    #expect(alexNet.contains("65,535 pixels a side"), "\(alexNet)")
  }

  @Test func aPhotoByPathRunsOnAlexNet() throws {
    let path = Fixtures.packageRoot + "/assets/images/chelsea_227.ppm"
    guard case .forwardFinished(let byPath) = testEngine.explore(.forward(model: "alexnet@0.25", input: .file(path))),
      case .forwardFinished(let shipped) = testEngine.explore(.forward(model: "alexnet@0.25", input: .photo("chelsea")))
    else {
      Issue.record("AlexNet did not run on the photo")
      return
    }
    #expect(byPath.layers[0].values == shipped.layers[0].values)
    #expect(byPath.top == shipped.top)
  }

  @Test func pathsExpandTheHomeFolderAndFindAssets() throws {
    let home = try #require(ProcessInfo.processInfo.environment["HOME"])
    #expect(try NetworkCache.resolvedPath("~/a.png", assets: nil) == home + "/a.png")
    #expect(try NetworkCache.resolvedPath("/abs/a.png", assets: nil) == "/abs/a.png")
    // Lessons write `assets/…`; it is found wherever the workbench runs.
    let assets = Fixtures.packageRoot + "/assets"
    let resolved = try NetworkCache.resolvedPath("assets/images/china_227.ppm", assets: assets)
    #expect(FileManager.default.fileExists(atPath: resolved))
    #expect(throws: (any Error).self) { try NetworkCache.resolvedPath(assets, assets: nil) }
  }
}
