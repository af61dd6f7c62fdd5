import ConvEngine
import Foundation
import Testing
import TestSupport

/// `forward --layer/--render/--explain`: heatmaps as plain shades when piped, and an
/// explanation whose output value is the one the pass dumped.
@Suite(.serialized) struct ForwardRenderCLITests {
  func run(_ args: [String], environment: [String: String] = [:]) throws -> CommandRunner.Result {
    try CommandRunner.run(args, environment: environment)
  }

  /// The map labels (#0, #1, …) a render printed.
  static func labels(_ text: String) -> Set<Int> {
    var found = Set<Int>()
    for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) where token.hasPrefix("#") {
      if let n = Int(token.dropFirst()) { found.insert(n) }
    }
    return found
  }

  @Test func pipedRenderIsShadesWithoutEscapes() throws {
    let r = try run(["forward", "lenet5", "--input", "mnist:test:7", "--layer", "C3", "--render"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stdout.contains("\u{1B}"))
    #expect(r.stdout.contains { "░▒▓█".contains($0) })
    #expect(Self.labels(r.stdout) == Set(0..<16))
    #expect(r.stdout.contains("C3: conv 5×5 /1 pad 0 table, 16×10×10, scaled-tanh"))
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
    // NO_COLOR is honoured too (here stdout is a pipe either way).
    let noColor = try run(["forward", "lenet5", "--input", "mnist:test:7", "--layer", "C3", "--render"],
                          environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"])
    #expect(noColor.stdout == r.stdout)
  }

  /// `--palette` takes the three names (the colours themselves show on a colour terminal; see
  /// PaletteTests); anything else is refused with the choices, here and by the workbench.
  @Test func paletteNamesAreCheckedHereAndInTheWorkbench() throws {
    let ok = try run(["forward", "lenet5", "--input", "mnist:test:7", "--layer", "C1", "--render", "--palette", "contrast"])
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout.contains("C1: conv"))
    for args in [["forward", "lenet5", "--layer", "C1", "--render", "--palette", "pastel"],
                 ["workbench", "--palette", "pastel"], ["--palette", "pastel"], ["tour", "lenet5", "--palette", "pastel"]] {
      let bad = try run(args)
      #expect(bad.status != 0)
      #expect(bad.stderr.contains("pastel") && bad.stderr.contains("'default', 'contrast' or 'colorblind'"), "\(bad.stderr)")
    }
  }

  @Test func explainedValueEqualsTheDumpedOutput() throws {
    let dump = Fixtures.temporaryDirectory() + "/pass.safetensors"
    let r = try run(["forward", "lenet5", "--input", "mnist:test:7", "--layer", "C3", "--explain", "0,4,4",
                     "--dump", dump])
    #expect(r.status == 0, "\(r.stderr)")
    let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("output y = ") })
    // "output y = 1.7159·tanh(2a/3)   0.3195   engine 0.3195 ✓": the first plain number.
    let printed = try #require(line.split(separator: " ").first { Double($0) != nil })
    let c3 = try #require(try SafeTensors.read(path: dump)["C3"])
    #expect(c3.shape == [1, 16, 10, 10])
    let stored = c3.values[(0 * 10 + 4) * 10 + 4]
    #expect(String(printed) == String(format: "%.4f", stored))
    #expect(r.stdout.contains("S2 maps 0, 1, 2 (3 of 6)"))
    #expect(!r.stdout.contains("✗"))
  }

  @Test func fullyConnectedLayersRenderAsAStrip() throws {
    let r = try run(["forward", "lenet5", "--input", "mnist:test:7", "--layer", "F6", "--render", "--scale", "global"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("84 units; largest:"))
    #expect(r.stdout.contains("scale: global"))
  }

  @Test func renderWithoutALayerShowsEveryLayer() throws {
    let r = try run(["forward", "lenet5", "--input", "mnist:test:7", "--render", "--scale", "map", "--columns", "80"])
    #expect(r.status == 0, "\(r.stderr)")
    for name in ["input:", "C1:", "S2:", "C3:", "S4:", "C5:", "F6:", "output:", "probabilities:"] {
      #expect(r.stdout.contains(name), "\(name)")
    }
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  @Test func misuseIsAOneLineError() throws {
    let noLayer = try run(["forward", "lenet5", "--input", "mnist:test:7", "--explain", "0,4,4"])
    #expect(noLayer.status == 64)
    let outside = try run(["forward", "lenet5", "--input", "mnist:test:7", "--layer", "C3", "--explain", "16,0,0"])
    #expect(outside.status == 1)
    #expect(outside.stderr == "convscope: error: C3: (16, 0, 0) is outside its 16×10×10 output\n")
    let unknown = try run(["forward", "lenet5", "--input", "mnist:test:7", "--layer", "C9", "--render"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.hasPrefix("convscope: error: C9: no such layer in lenet5; choose one of: input, C1"))
  }
}
