import Foundation
import Testing
import TestSupport

/// The Explore screen in the real binary under tmux: step to C3 on test digit 0, zoom a map,
/// read the inspector and the prediction; draw a 1 and see it read as 1; page AlexNet's conv1;
/// type an index and a photo's path at the prompts; open with `--weights`. Uses the `Tmux` helper of the workbench tests
/// (same test module; private `-L` server, clean signal mask).
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct ExploreEndToEndTests {
  /// The walk through a convolution: step to C3, zoom a map, move the cursor, open
  /// the explain view, slide the window; at 100×30 (the arithmetic alone, scrolled) and at
  /// 160×50 (beside the pictures).
  @Test(arguments: [(100, 30), (160, 50)])
  func stepToC3ZoomExplainAndSlide(size: (Int, Int)) throws {
    let tmux = try Tmux.start(width: size.0, height: size.1)
    defer { tmux.kill() }
    try tmux.waitFor("the first forward pass") { $0.joined().contains("Prediction: 7") }
    for _ in 0..<3 { try tmux.send("Right") }
    try tmux.waitFor("C3 highlighted in the strip") { $0.joined().contains("C3 16×10×10") }
    try tmux.send("Enter")
    // A new layer puts the cursor in the middle of its 10×10 maps.
    try tmux.waitFor("the zoomed map") { $0.joined().contains("map 0: value at (y 5, x 5)") }
    try tmux.send("Down", "Right")
    try tmux.waitFor("the moved cursor") { $0.joined().contains("map 0: value at (y 6, x 6)") }
    try tmux.send("i")
    try tmux.waitFor("the explanation of the cursor's value") {
      let text = $0.joined()
      return text.contains("C3 map 0 at row 6, col 6") && text.contains("Table I")
    }
    try tmux.send("w")
    try tmux.waitFor("the window slid one position on") { $0.joined().contains("C3 map 0 at row 6, col 7") }
    // The end of the arithmetic: the sum, bias and the engine's check.
    for _ in 0..<6 { try tmux.send("NPage") }
    try tmux.waitFor("the engine check") { lines in
      lines.contains { $0.contains("= pre-activation a") && $0.contains("✓") }
    }
    try tmux.send("]")
    try tmux.waitFor("the next map explained") { $0.joined().contains("C3 map 1 at row 6, col 7") }
    // i closes the explain view (Esc followed at once by a key would read as Alt+key).
    try tmux.send("i", "End")
    try tmux.waitFor("the output layer") { $0.joined().contains("true label: 7") && $0.joined().contains("RBF penalty") }
    try tmux.send("q")
    #expect(try tmux.waitForExit().status == "0")
  }

  /// Drawing a 1 with the pen down, then the trained small AlexNet on the same drawing, and
  /// the full-size AlexNet's 96 conv1 maps on a photo, paged.
  @Test func drawAOneThenAlexNet() throws {
    let tmux = try Tmux.start(width: 120, height: 40)
    defer { tmux.kill() }
    try tmux.waitFor("the first forward pass") { $0.joined().contains("Prediction: 7") }
    // Draw a "1": a thick vertical stroke down the middle of the canvas, pen down.
    try tmux.send("d")
    try tmux.waitFor("the canvas") { $0.joined().contains("Drawing: pen up") }
    try tmux.send("+")
    try tmux.waitFor("the bigger pen") { $0.joined().contains("+ pen 2") }
    for _ in 0..<9 { try tmux.send("Up") }
    try tmux.send("b")
    for _ in 0..<19 { try tmux.send("Down") }
    try tmux.waitFor("the drawn digit read as 1") { $0.joined().contains("Prediction: 1") }
    // Two models on: the small AlexNet trained here, still on the drawing.
    try tmux.send("d", "m", "m")
    try tmux.waitFor("the small AlexNet on the drawing", timeout: 60) {
      let text = $0.joined()
      return text.contains("alexnet@0.25-67px · trained on MNIST") && text.contains("Prediction: 1")
    }
    // The full-size AlexNet: untrained, and it says why; conv1 has 96 maps.
    try tmux.send("m")
    try tmux.waitFor("AlexNet's forward pass", timeout: 60) {
      $0.joined().contains("Explore · alexnet · UNTRAINED") && $0.joined().contains("no ImageNet here")
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

    try tmux.send("m", "m", "m")
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
      // The message wraps where the checkout's path length puts it: read it as one line.
      let text = $0.map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
        .split(separator: " ").joined(separator: " ")
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
