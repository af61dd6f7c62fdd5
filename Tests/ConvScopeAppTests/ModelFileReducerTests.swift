import ConvEngine
import Foundation
import TerminalUI
import Testing

@testable import ConvScopeApp

/// Opening, editing and reloading model files on Explore and Train, through the real key
/// routing and the pure update; the effects' outcomes are fed back as the loop would.
@Suite struct ModelFileReducerTests {
  static let path = "my.convnet"
  static let text = """
    model mine
    title My LeNet
    input 1x32x32
    C1: conv 6 kernel=5 activation=relu
    S2: maxpool 2
    C3: conv 16 kernel=5 activation=relu
    S4: maxpool 2
    F5: fc 64 activation=relu
    output: fc 10
    """

  static func spec(_ text: String = Self.text) throws -> ModelSpec { try ModelFile.parse(text, source: path) }

  static func read(_ spec: ModelSpec, on screen: Screen = .explore, _ purpose: ModelFileRead.Purpose) -> Action {
    .modelFile(.read(ModelFileRead(path: path, screen: screen, purpose: purpose, outcome: .spec(spec))))
  }

  /// Explore with the file open (as `F` and a successful read leave it).
  static func opened(on screen: Screen = .explore) throws -> AppState {
    var state = ExploreTests.state()
    state.screen = screen
    _ = update(&state, read(try spec(), on: screen, .open))
    return state
  }

  @Test func fTypedPathEnterAsksToReadTheFile() {
    var state = ExploreTests.state()
    #expect(ExplorePromptTests.press([.char("F")], &state).isEmpty)
    #expect(state.modelFiles.prompt?.text == "")
    // Typing: q and digits go into the line.
    #expect(ExplorePromptTests.press(ExplorePromptTests.type("q/my.convnet") + [KeyEvent(.home), KeyEvent(.delete),
                                                                               KeyEvent(.delete)], &state).isEmpty)
    #expect(state.screen == .explore)
    let effects = ExplorePromptTests.press([KeyEvent(.enter)], &state)
    #expect(effects == [.readModelFile(path: "my.convnet", screen: .explore)])
    #expect(state.modelFiles.prompt == nil)
  }

  @Test(arguments: [("", "type the path of a model file (*.convnet)"),
                    ("net.txt", "net.txt: a model file's name ends in .convnet (copy one from assets/models/)")])
  func aPathThatIsNoModelFileKeepsThePromptOpen(text: String, message: String) {
    var state = ExploreTests.state()
    _ = ExplorePromptTests.press([.char("F")] + ExplorePromptTests.type(text) + [KeyEvent(.enter)], &state)
    #expect(state.modelFiles.prompt?.text == text)
    #expect(state.modelFiles.promptError == message)
    #expect(state.statusMessage == message)
    _ = ExplorePromptTests.press([KeyEvent(.escape)], &state)
    #expect(state.modelFiles.prompt == nil)
    #expect(state.explore.model == "lenet5")
  }

  @Test func anOpenedFileBecomesExploresModelAndItsPassCarriesTheNetwork() throws {
    var state = ExploreTests.state()
    let spec = try Self.spec()
    let effects = update(&state, Self.read(spec, .open))
    #expect(state.explore.model == Self.path)
    #expect(state.explore.spec == spec)
    #expect(state.explore.trace == nil)
    #expect(effects == [.startEngineWork(.explore(.forward(model: Self.path, input: .dataset("mnist", index: 0), spec: spec)))])
    // Parameters C1 156, C3 2,416, F5 64×400+64 = 25,664, output 650; MACs 117,600 + 240,000 + 25,600 + 640.
    #expect(state.statusMessage == "opened: 28,886 parameters; M edits it")
    // The prompt now starts from the open file.
    _ = ExplorePromptTests.press([.char("F")], &state)
    #expect(state.modelFiles.prompt?.text == Self.path)
  }

  /// A file's `dataset` line picks Explore's first image and the Train screen's dataset.
  @Test func theFilesDatasetLineIsWhereItStarts() throws {
    let clothes = try Self.spec(Self.text + "\ndataset fashion-mnist")
    var explore = ExploreTests.state()
    _ = update(&explore, Self.read(clothes, .open))
    #expect(explore.explore.input == .dataset("fashion-mnist", index: 0))
    var train = ExploreTests.state()
    train.screen = .train
    _ = update(&train, Self.read(clothes, on: .train, .open))
    #expect(train.train.next.dataset == .fashionMNIST)
    let photos = try Self.spec(Self.text.replacingOccurrences(of: "input 1x32x32", with: "input 3x64x64") + "\ndataset photos")
    _ = update(&explore, Self.read(photos, .open))
    #expect(explore.explore.input == .photo(ExploreInput.photos[0]) && explore.explore.takesPhotos)
  }

  @Test func aFileWithAMistakeIsNamedAndNothingChanges() {
    var state = ExploreTests.state()
    let before = state.explore
    let message = "/home/me/nets/my.convnet:4:14: unknown option \"kernal\"; did you mean \"kernel\"?"
    let read = ModelFileRead(path: "/home/me/nets/my.convnet", screen: .explore, purpose: .open, outcome: .failed(message))
    let effects = update(&state, .modelFile(.read(read)))
    #expect(effects.isEmpty)
    #expect(state.explore == before)
    // The file's name without its folders, so the problem fits the status line.
    #expect(state.statusMessage == "my.convnet:4:14: unknown option \"kernal\"; did you mean \"kernel\"?")
  }

  @Test func mOnABuiltInModelSaysHowToGetAFile() {
    var state = ExploreTests.state()
    #expect(ExplorePromptTests.press([.char("M")], &state).isEmpty)
    #expect(state.statusMessage
      == "lenet5 is built in: copy assets/models/lenet5.convnet to a file of your own, open it with F, edit it with M")
    state.train.next.model = ModelChoice(name: "alexnet", width: 0.25, inputSize: 67)
    state.screen = .train
    #expect(ExplorePromptTests.press([.char("M")], &state).isEmpty)
    #expect(state.statusMessage?.hasPrefix("alexnet is built in: copy assets/models/alexnet.convnet") == true)
  }

  @Test func mOnAFileOpensTheEditor() throws {
    var state = try Self.opened()
    #expect(ExplorePromptTests.press([.char("M")], &state) == [.editModelFile(path: Self.path, screen: .explore)])
  }

  /// The editor loop's reload: the new network replaces the old one, the pass reruns on it,
  /// and the report holds the engine's shape table of both, layer by layer.
  @Test func anEditReloadsTheNetworkAndReportsWhatChanged() throws {
    var state = try Self.opened()
    let edited = try Self.spec(Self.text.replacingOccurrences(of: "conv 6 kernel=5", with: "conv 12 kernel=5"))
    let effects = update(&state, Self.read(edited, .edit))
    #expect(state.explore.spec == edited)
    #expect(effects == [.startEngineWork(.explore(.forward(model: Self.path, input: .dataset("mnist", index: 0), spec: edited)))])
    let report = try #require(state.modelFiles.report)
    #expect(report.screen == .explore && report.path == Self.path && report.title == "My LeNet")
    #expect(report.diff.rows.map(\.change) == [.changed, .changed, .changed, .same, .same, .same])
    #expect(report.diff.parametersBefore == 28_886 && report.diff.parametersAfter == 28_886 + 156 + 2_400)
    #expect(state.statusMessage == "reloaded: 3 of 6 layers changed")
    // Any key closes the report (and does nothing else); Ctrl-C still quits.
    #expect(InputRouter.action(for: .key(KeyEvent(.char("c"), modifiers: .ctrl)), in: state) == .confirmQuit)
    #expect(ExplorePromptTests.press([.char("m")], &state).isEmpty)
    #expect(state.modelFiles.report == nil)
    #expect(state.explore.model == Self.path)
  }

  @Test func anEditWithAMistakeKeepsTheOldNetwork() throws {
    var state = try Self.opened()
    let before = state.explore
    let message = "my.convnet:4:5: layer C1: a 40×40 kernel with padding 0 does not fit a 32×32 input"
    let effects = update(&state, .modelFile(.read(ModelFileRead(path: Self.path, screen: .explore, purpose: .edit,
                                                                outcome: .failed(message)))))
    #expect(effects.isEmpty)
    #expect(state.explore == before)
    #expect(state.modelFiles.report == nil)
    #expect(state.statusMessage == "not reloaded, the model stays: " + message)
  }

  @Test func aSaveWithoutChangesSaysSo() throws {
    var state = try Self.opened()
    _ = update(&state, Self.read(try Self.spec(Self.text + "\n# only a comment\n"), .edit))
    #expect(state.modelFiles.report?.diff.isUnchanged == true)
    #expect(state.statusMessage == "saved with no change to the network")
  }

  @Test func trainOpensAndReloadsTheNextRunsModel() throws {
    var state = try Self.opened(on: .train)
    #expect(state.train.next.model == ModelChoice(name: Self.path))
    #expect(state.train.next.modelSpec == (try Self.spec()))
    #expect(state.explore.model == "lenet5")
    #expect(state.train.next.fileStem == "my-mnist")
    #expect(state.train.next.modelName == "my.convnet")
    let edited = try Self.spec(Self.text.replacingOccurrences(of: "fc 64", with: "fc 32"))
    #expect(update(&state, Self.read(edited, on: .train, .edit)).isEmpty)
    #expect(state.train.next.modelSpec == edited)
    #expect(state.modelFiles.report?.diff.changedRows.map(\.name) == ["F5", "output"])
    // `m` goes back to the built-ins and forgets the file's network.
    _ = update(&state, .modelFile(.closeReport))
    _ = update(&state, .train(.cycleModel))
    #expect(state.train.next.model == ModelChoice(name: "lenet5") && state.train.next.modelSpec == nil)
  }

  /// The status lines of the editor loop fit what the key hints leave at 80 columns (the
  /// screen's title names the file; the report has the numbers).
  @Test func statusLinesFitEightyColumns() throws {
    var state = try Self.opened()
    let messages = [state.statusMessage]
    _ = update(&state, Self.read(try Self.spec(Self.text.replacingOccurrences(of: "fc 64", with: "fc 32")), .edit))
    for message in messages + [state.statusMessage] {
      let m = try #require(message)
      #expect(m.displayWidth <= 38, "\(m)")
      state.terminalSize = Size(width: 80, height: 24)
      state.modelFiles.report = nil
      state.statusMessage = m
      #expect(Self.footer(state).hasSuffix(m), "\(Self.footer(state))")
    }
  }

  static func footer(_ state: AppState) -> String {
    let text = KeyMapTests.renderedText(state)
    return text.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
  }

  /// `M` on a file convscope ships (a lesson's or a built-in's) edits a copy in the folder
  /// the workbench started from; the screen then shows the copy, and the report says so.
  @Test func mOnAShippedFileEditsACopy() throws {
    for shipped in ["/opt/convscope/lessons/models/lenet5-c1-12.convnet", "assets/models/lenet5.convnet"] {
      var state = ExploreTests.state()
      _ = update(&state, .modelFile(.read(ModelFileRead(path: shipped, screen: .explore, purpose: .open, outcome: .spec(try Self.spec())))))
      let copy = "./" + shipped.fileName
      #expect(ExplorePromptTests.press([.char("M")], &state) == [.editModelFile(path: copy, screen: .explore, copyOf: shipped)])
      let edited = try Self.spec(Self.text.replacingOccurrences(of: "fc 64", with: "fc 32"))
      _ = update(&state, .modelFile(.read(ModelFileRead(path: copy, screen: .explore, purpose: .edit, outcome: .spec(edited),
                                                        copyOf: shipped))))
      #expect(state.explore.model == copy && state.explore.spec == edited)
      #expect(state.modelFiles.report?.copyOf == shipped && state.modelFiles.report?.diff.changedRows.count == 2)
      #expect(state.statusMessage == "edited a copy: \(copy)")
      // The copy is the user's: the next M edits it where it is.
      _ = update(&state, .modelFile(.closeReport))
      #expect(ExplorePromptTests.press([.char("M")], &state) == [.editModelFile(path: copy, screen: .explore)])
    }
    #expect(ModelFiles.copyPath(forShipped: "nets/models/x.convnet") == nil && ModelFiles.copyPath(forShipped: "x.convnet") == nil)
  }

  /// A lesson link's Train run reads its file when it starts; the network it read comes back
  /// with the run's progress, so a first `M` reports what the edit changed.
  @Test func aLinkRunOfAFileRecordsItsNetwork() throws {
    var state = ExploreTests.state()
    state.screen = .train
    let setup = TrainSetup(model: ModelChoice(name: Self.path))
    _ = update(&state, .train(.startRuns([setup])))
    #expect(state.train.next.modelSpec == nil)
    var p = TrainProgress(model: "mine", dataset: "mnist")
    p.runID = state.train.runCount
    p.setup = setup
    p.setup.modelSpec = try Self.spec()
    _ = update(&state, .engineReported(.train(.progress(p))))
    #expect(state.train.next.modelSpec == (try Self.spec()))
    state.train.isRunning = false
    _ = update(&state, Self.read(try Self.spec(Self.text.replacingOccurrences(of: "fc 64", with: "fc 32")), on: .train, .edit))
    #expect(state.modelFiles.report?.diff.changedRows.map(\.name) == ["F5", "output"])
  }

  @Test func aFileInAFolderSavesRunsUnderItsOwnName() {
    let setup = TrainSetup(model: ModelChoice(name: "lessons/models/lenet5-c1-12.convnet"))
    #expect(setup.fileStem == "lenet5-c1-12-mnist")
    #expect(setup.modelName == "lenet5-c1-12.convnet")
  }

  @Test func trainRefusesANewModelWhileARunIsActive() {
    var state = ExploreTests.state()
    state.screen = .train
    state.train.isRunning = true
    #expect(ExplorePromptTests.press([.char("F")], &state).isEmpty)
    #expect(state.modelFiles.prompt == nil)
    #expect(state.statusMessage?.hasPrefix("A run is active") == true)
  }

  @Test func editorFailuresAreSaid() {
    var state = ExploreTests.state()
    _ = update(&state, .modelFile(.editorFailed("the editor nano was not found")))
    #expect(state.statusMessage == "the editor nano was not found")
  }
}

/// The editor is run through `/bin/sh` with the path as one word, and its failures are said.
@Suite struct ModelFileEditorTests {
  static func scratch(_ name: String) throws -> String {
    let folder = NSTemporaryDirectory() + "convscope-editor-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    try "C1: conv 6 kernel=5\n".write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func anEditorWithOptionsEditsAPathWithSpaces() throws {
    let path = try Self.scratch("my net's.convnet")
    #expect(ModelFileEditor.edit(path, environment: ["EDITOR": "sed -i s/conv.6/conv.12/"]) == nil)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "C1: conv.12 kernel=5\n")
  }

  @Test func failuresAreOneLine() throws {
    let path = try Self.scratch("m.convnet")
    #expect(ModelFileEditor.edit(path, environment: ["EDITOR": "false"])
      == "the editor false exited with status 1; \(path) was not read again")
    #expect(ModelFileEditor.edit(path, environment: ["EDITOR": "no-such-editor-xyz"])
      == "the editor no-such-editor-xyz was not found; set EDITOR to one you have (e.g. EDITOR=nano)")
    #expect(ModelFileEditor.command(environment: [:]) == "vi")
    #expect(ModelFileEditor.command(environment: ["EDITOR": "  "]) == "vi")
  }
}
