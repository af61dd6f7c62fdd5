import Foundation
import Testing
import TestSupport

/// The Explore screen in the real binary under tmux: step to C3 on test digit 0, zoom a map,
/// read the inspector and the prediction; draw a 1 and see it read as 1; page AlexNet's conv1;
/// type an index and a photo's path at the prompts; open with `--weights`. Uses the `Tmux` helper of the workbench tests
/// (same test module; private `-L` server, clean signal mask).
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct ExploreEndToEndTests {
  @Test func stepToC3ZoomAndInspect() throws {
    let tmux = try Tmux.start(width: 120, height: 40)
    defer { tmux.kill() }
    try tmux.waitFor("the first forward pass") { $0.joined().contains("Prediction: 7") }
    for _ in 0..<3 { try tmux.send("Right") }
    try tmux.waitFor("C3 highlighted in the strip") { $0.joined().contains("C3 16×10×10") }
    try tmux.send("Enter")
    try tmux.waitFor("the zoomed map") { $0.joined().contains("map 0: value at (y 0, x 0)") }
    try tmux.send("Down")
    try tmux.waitFor("the inspector for the cursor") { $0.joined().contains("C3 map 0 at row 1, col 0") }
    #expect(try tmux.screen().joined().contains("Prediction: 7 100.0%"))

    // Draw a "1": a thick vertical stroke down the middle of the canvas.
    try tmux.send("d")
    try tmux.waitFor("the canvas") { $0.joined().contains("Drawing: arrows move") }
    try tmux.send("+")
    try tmux.waitFor("the bigger pen") { $0.joined().contains("+ pen 2") }
    for _ in 0..<9 { try tmux.send("Up") }
    for _ in 0..<19 { try tmux.send("Space", "Down") }
    try tmux.send("Space")
    try tmux.waitFor("the drawn digit read as 1") { $0.joined().contains("Prediction: 1") }

    // AlexNet: two models on from LeNet-5; its conv1 has 96 maps, more than one page.
    try tmux.send("m", "m")
    try tmux.waitFor("AlexNet's forward pass", timeout: 60) {
      $0.joined().contains("Explore · alexnet · ") && $0.joined().contains("Prediction")
    }
    try tmux.send("Right")
    try tmux.waitFor("conv1's first page") { $0.joined().contains("maps 0–") && $0.joined().contains("of 96") }
    try tmux.send("NPage")
    try tmux.waitFor("conv1's second page") { lines in
      lines.contains { $0.contains("of 96") && !$0.contains("maps 0–") && $0.contains("maps ") }
    }
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
  }

  /// The prompts: a test image by index (a bad one first), then on AlexNet a missing file
  /// and a sample photo by its path.
  @Test func typeAnIndexThenOpenAPhotoByPath() throws {
    let tmux = try Tmux.start(width: 120, height: 40)
    defer { tmux.kill() }
    try tmux.waitFor("the first forward pass") { $0.joined().contains("Prediction: 7") }
    try tmux.send("g")
    try tmux.waitFor("the index prompt") { $0.joined().contains("mnist test image # (0–9999):") }
    try tmux.send("abc", "Enter")
    try tmux.waitFor("the refusal") { $0.joined().contains("\"abc\" is not an index from 0 to 9999") }
    for _ in 0..<3 { try tmux.send("BSpace") }
    // Test image 1 is a 2: the input panel and the prediction follow the typed index.
    try tmux.send("1", "Enter")
    try tmux.waitFor("test image 1") {
      $0.joined().contains("Input: mnist test #1") && $0.joined().contains("Prediction: 2")
    }

    try tmux.send("m", "m")
    try tmux.waitFor("AlexNet's forward pass", timeout: 60) {
      $0.joined().contains("Explore · alexnet · ") && $0.joined().contains("Input: photo chelsea")
        && $0.joined().contains("Prediction")
    }
    try tmux.send("o")
    try tmux.waitFor("the path prompt") { $0.joined().contains("Image file (PNG, JPEG, PPM, PGM):") }
    try tmux.send("/no/such/photo.png", "Enter")
    try tmux.waitFor("the missing file named in the status line") {
      $0.last?.contains("/no/such/photo.png: ") == true
    }
    let photo = Fixtures.packageRoot + "/assets/images/coffee_227.ppm"
    try tmux.send("o")
    try tmux.waitFor("the path prompt again") { $0.joined().contains("Image file (PNG, JPEG, PPM, PGM):") }
    try tmux.send(photo, "Enter")
    // The input's name shows at once; "computing…" goes when the pass on it has arrived
    // (quitting mid-pass would only time the engine's threads winding down).
    try tmux.waitFor("the photo loaded by path", timeout: 60) {
      let text = $0.joined()
      return text.contains("Input: file coffee_227.ppm") && text.contains("Prediction") && !text.contains("computing…")
    }
    try tmux.send("q")
    #expect(try tmux.waitForExit().status == "0")
  }

  /// `--weights`: the file's model opens with the file named in the title; weights that do
  /// not fit the model are reported on screen, naming the file.
  @Test func weightsFromTheCommandLine() throws {
    let weights = Fixtures.packageRoot + "/assets/weights/lenet5-modern.safetensors"
    let fits = try Tmux.start(width: 120, height: 40, command: Self.workbench(["--weights", weights]))
    defer { fits.kill() }
    try fits.waitFor("the user's weights in the title") {
      $0.joined().contains("Explore · lenet5-modern · weights lenet5-modern.safetensors")
        && $0.joined().contains("Prediction: 7")
    }

    let misfit = try Tmux.start(
      width: 120, height: 40, command: Self.workbench(["--weights", weights, "--model", "lenet5"]))
    defer { misfit.kill() }
    try misfit.waitFor("the mismatch on screen") {
      let text = $0.joined()
      return text.contains("Could not run the forward pass") && text.contains("lenet5-modern.safetensors")
        && text.contains("holds weights for model")
    }
  }

  /// `sh -c` running the workbench with `arguments`, kept open afterwards like `Tmux.start`'s.
  static func workbench(_ arguments: [String]) -> [String] {
    let words = ([CommandRunner.binary, "workbench"] + arguments).map(Tmux.quoted).joined(separator: " ")
    return ["sh", "-c", words + "; exec sleep 600"]
  }
}

/// `--weights` is checked before the terminal is taken over.
@Suite struct WorkbenchWeightsOptionTests {
  @Test(arguments: [["workbench"], []]) func aMissingWeightsFileFailsAtOnce(_ prefix: [String]) throws {
    let r = try CommandRunner.run(prefix + ["--weights", "no/such/weights.safetensors"])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr == "convscope: error: no/such/weights.safetensors: no such file (--weights)\n")
  }

  @Test func anUnknownModelIsABadCommandLine() throws {
    let r = try CommandRunner.run(["workbench", "--weights", "assets/weights/lenet5.safetensors", "--model", "lenet6"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("unknown model \"lenet6\""))
  }
}
