import ConvEngine
import Foundation
import Testing
import TestSupport

/// `convscope export pytorch` through the real binary: the files, bad input, and (where torch
/// is installed) PyTorch reproducing convscope's outputs with the exported check.py.
@Suite(.serialized) struct ExportPyTorchCLITests {
  static let files = ["check.py", "model.py", "samples.safetensors", "weights.safetensors"]

  /// A model file with every layer kind and names Python cannot take as they are.
  static let everyKind = """
    model odd-net
    input 3x40x40
    conv-1:  conv 8 kernel=3 padding=1 activation=sigmoid bias=0.1
    lrn.a:   lrn size=4 alpha=1e-3 beta=0.5 k=1
    1pool:   avgpool 3 stride=2
    eval:    conv 8 kernel=3 groups=2 activation=tanh
    pass:    maxpool 2
    ada:     adaptive-avgpool 5x3
    flatten: flatten
    fc@1:    fc 30 activation=relu
    drop:    dropout 0.3
    relu:    fc 16 activation=scaled-tanh
    c2:      conv 12 kernel=1 activation=relu
    sub:     subsample 1 activation=tanh
    out:     fc 10

    """

  /// Exports `args` into a fresh folder; returns the folder and the command's result.
  func export(_ args: [String]) throws -> (dir: String, result: CommandRunner.Result) {
    let dir = Fixtures.temporaryDirectory() + "/out"
    let r = try CommandRunner.run(["export", "pytorch"] + args + ["--out", dir])
    return (dir, r)
  }

  /// The folder's files, checked: exactly the four (no temporary left), model.py compiles.
  func checkFiles(_ dir: String) throws {
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == Self.files)
    if let python = Python.interpreter {
      for file in ["model.py", "check.py"] {
        let r = try Python.run(python, ["-m", "py_compile", dir + "/" + file])
        #expect(r.status == 0, "\(file): \(r.stderr)")
      }
    }
  }

  /// Runs check.py with torch; returns the difference it printed (nil without torch).
  func runCheck(_ dir: String) throws -> Double? {
    guard let python = Python.torchInterpreter else { return nil }
    let r = try Python.run(python, [dir + "/check.py"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    let line = try #require(r.stdout.split(separator: "\n").last { $0.hasPrefix("max |pytorch - convscope| = ") })
    #expect(line.hasSuffix(": OK"))
    let number = line.dropFirst("max |pytorch - convscope| = ".count).prefix { $0 != " " }
    let value = Double(String(number))
    #expect(value != nil, "\(line)")
    return value
  }

  @Test func leNet5WithItsShippedWeights() throws {
    let (dir, r) = try export(["lenet5", "--weights", Fixtures.assets + "/weights/lenet5.safetensors"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("weights: \(Fixtures.assets)/weights/lenet5.safetensors (trained on mnist, test accuracy 0.9913)"))
    #expect(r.stdout.contains("class Lenet5: 7 layers, 60,000 trainable parameters"))
    #expect(r.stdout.contains("4 mnist test images (0-3), with convscope's RBF penalties"))
    try checkFiles(dir)
    // The weights are the shipped file's, under the same names.
    let shipped = try SafeTensors.read(path: Fixtures.assets + "/weights/lenet5.safetensors")
    let written = try SafeTensors.read(path: dir + "/weights.safetensors")
    #expect(written.tensors.map(\.name).sorted() == shipped.tensors.map(\.name).sorted())
    for t in shipped.tensors { #expect(written[t.name]?.values == t.values, "\(t.name)") }
    if let difference = try runCheck(dir) { #expect(difference <= 1e-4) }
  }

  @Test func alexNetFreshlyInitialised() throws {
    let (dir, r) = try export(["alexnet", "--samples", "2"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("weights: fresh initialisation (seed 1, init alexnet): untrained"))
    #expect(r.stdout.contains("2 photos from assets/images (astronaut, chelsea), resized and centre-cropped to 227"))
    try checkFiles(dir)
    if let difference = try runCheck(dir) { #expect(difference <= 1e-4) }
  }

  @Test func aModelFileWithEveryLayerKind() throws {
    let work = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    let model = work + "/odd.convnet"
    try Self.everyKind.write(toFile: model, atomically: true, encoding: .utf8)
    let (dir, r) = try export([model])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("note: renamed for Python in model.py and weights.safetensors: conv-1 → conv_1, lrn.a → lrn_a, "
      + "1pool → layer_1pool, eval → eval_, pass → pass_, fc@1 → fc_1, relu → relu_"))
    try checkFiles(dir)
    if let difference = try runCheck(dir) { #expect(difference <= 1e-4) }
  }

  @Test func badInputIsOneLineAndWritesNothing() throws {
    let work = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: work) }
    let aFile = work + "/file"
    try "x".write(toFile: aFile, atomically: true, encoding: .utf8)
    let modern = Fixtures.assets + "/weights/lenet5-modern.safetensors"
    let cases: [(args: [String], message: String)] = [
      (["lenet6", "--out", work + "/a"], "convscope: error: lenet6: unknown model"),
      (["lenet5", "--out", work + "/missing/deeper"], "convscope: error: \(work)/missing/deeper: cannot create the output folder: No such file or directory"),
      (["lenet5", "--out", aFile], "convscope: error: \(aFile): is not a folder"),
      (["lenet5", "--weights", modern, "--out", work + "/b"], "convscope: error: \(modern): holds weights for model \"lenet5-modern\", not \"lenet5\""),
      (["lenet5", "--weights", work + "/none.safetensors", "--out", work + "/c"], "convscope: error: \(work)/none.safetensors:"),
    ]
    for c in cases {
      let r = try CommandRunner.run(["export", "pytorch"] + c.args)
      #expect(r.status == 1, "\(c.args)")
      #expect(r.stderr.hasPrefix(c.message), "\(c.args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
      #expect(r.stdout.isEmpty)
    }
    // Nothing was written for the refused runs: no output folders appeared.
    #expect(try FileManager.default.contentsOfDirectory(atPath: work).sorted() == ["file"])
  }
}
