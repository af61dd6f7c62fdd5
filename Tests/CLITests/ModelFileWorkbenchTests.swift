import Foundation
import Testing
import TestSupport

/// Model files in the workbench: `--model FILE` is read before the terminal is taken over,
/// and the editor loop (`M`) under tmux with `EDITOR` set to a script that edits the file.
@Suite struct ModelFileWorkbenchOptionTests {
  static func scratch(_ text: String) throws -> String {
    let folder = NSTemporaryDirectory() + "convscope-model-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/my.convnet"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(arguments: [["workbench"], []]) func aModelFileWithAMistakeFailsBeforeTheTerminal(_ prefix: [String]) throws {
    let path = try Self.scratch("model m\ninput 1x32x32\nC1: conv 6 kernal=5\noutput: fc 10\n")
    let r = try CommandRunner.run(prefix + ["--model", path])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr == "convscope: error: \(path):3:12: unknown option \"kernal\"; did you mean \"kernel\"?; "
      + "conv takes kernel, stride, padding, groups, table, activation, bias\n")
  }

  @Test func aMissingModelFileFailsBeforeTheTerminal() throws {
    let r = try CommandRunner.run(["workbench", "--model", "no/such/net.convnet"])
    #expect(r.status == 1)
    #expect(r.stderr == "convscope: error: no/such/net.convnet: no such file\n")
  }

  @Test func anUnknownModelNameIsABadCommandLine() throws {
    let r = try CommandRunner.run(["workbench", "--model", "lenet6"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("unknown model \"lenet6\""))
    #expect(r.stderr.contains("or a model file (*.convnet)"))
  }
}

@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct ModelFileEditorEndToEndTests {
  /// Opens a file with `--model`, presses `M` with an `EDITOR` that halves C1 (12 → 6 maps),
  /// and reads the report of what changed; then `F` opens another file, and a broken edit
  /// keeps the model.
  @Test func anEditIsReloadedAndItsChangesShown() throws {
    let lenet = try String(contentsOfFile: Fixtures.packageRoot + "/lessons/models/lenet5-c1-12.convnet", encoding: .utf8)
    let path = try ModelFileWorkbenchOptionTests.scratch(lenet)
    let folder = (path as NSString).deletingLastPathComponent
    let editor = folder + "/edit.sh"
    try "#!/bin/sh\nsed -i 's/conv 12 kernel=5/conv 6 kernel=5/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
    chmod(editor, 0o755)
    let words = ([CommandRunner.binary, "workbench", "--model", path]).map(Tmux.quoted).joined(separator: " ")
    let tmux = try Tmux.start(width: 120, height: 40,
                              command: ["sh", "-c", "EDITOR=\(Tmux.quoted(editor)) " + words
                                                   + "; printf '\\nEXIT:%s\\n' \"$?\"; exec sleep 600"])
    defer { tmux.kill() }
    try tmux.waitFor("the file's network") {
      $0.joined().contains("Explore · my.convnet · UNTRAINED") && $0.joined().contains("Prediction:")
    }
    try tmux.send("M")
    try tmux.waitFor("the report of the edit") { lines in
      let text = lines.joined(separator: "\n")
      // C1: 12×(5×5)+12 = 312 → 156; C3 reads 6 maps: 16×(5×5×12)+16 = 4,816 → 2,416.
      return text.contains("What changed") && text.contains("12×28×28 → 6×28×28") && text.contains("312 → 156")
        && text.contains("4,816 → 2,416") && text.contains("64,262 → 61,706")
    }
    // Any key closes the report; the pass on the new network shows C1 with 6 maps.
    try tmux.send("Right")
    try tmux.waitFor("the new C1") { !$0.joined().contains("What changed") }
    try tmux.send("Right")
    try tmux.waitFor("C1 with six maps") { $0.joined().contains("C1 6×28×28") }
    // An edit that breaks the file is named, and the network stays.
    try "#!/bin/sh\nsed -i 's/kernel=5/kernal=5/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
    chmod(editor, 0o755)  // a write through a temporary file leaves the new one without the x bit
    try tmux.send("M")
    try tmux.waitFor("the mistake, with the model kept") { $0.joined().contains("not reloaded, the model stays: my.convnet:8:") }
    // F opens another file by its path.
    try tmux.send("F")
    try tmux.waitFor("the prompt") { $0.joined().contains("Model file (*.convnet):") }
    // The prompt starts from the open file's path: erase it.
    try tmux.send("End")
    for _ in 0..<(path.count + 5) { try tmux.send("BSpace") }
    try tmux.send("-l", Fixtures.packageRoot + "/lessons/models/lenet5-3x3.convnet")
    try tmux.send("Enter")
    try tmux.waitFor("the 3×3 network") { lines in
      lines.joined().contains("Explore · lenet5-3x3.convnet") && lines.joined().contains("C1a")
    }
    try tmux.send("q")
    #expect(try tmux.waitForExit().status == "0")
  }
}
