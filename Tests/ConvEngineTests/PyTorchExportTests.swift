import ConvEngine
import Foundation
import Testing
import TestSupport

/// `export pytorch`'s files, made in process: Python names, the model source for every
/// built-in and shipped model file, and the weights and samples the export holds.
struct PyTorchExportTests {
  /// Every built-in model and every shipped model file.
  static let models: [String] = ModelCatalog.names
    + ["lenet5.convnet", "lenet5-modern.convnet", "alexnet.convnet"].map { Fixtures.assets + "/models/" + $0 }

  @Test func layerNamesStayUnlessPythonCannotUseThem() {
    let names = PythonNames(layers: ["C1", "conv-1", "lrn.a", "1x1", "eval", "pass", "relu", "conv_1", "fc@1"],
                            taken: ["relu"])
    #expect(names.attributes == ["C1", "conv_1", "lrn_a", "layer_1x1", "eval_", "pass_", "relu_", "conv_1_", "fc_1"])
    #expect(names.renamed.count == 8)
    #expect(names.renamed.first?.layer == "conv-1" && names.renamed.first?.attribute == "conv_1")
  }

  @Test func leNet5IsWrittenWithItsTableSubsamplingAndRBF() throws {
    let source = PyTorchModelSource(spec: try ModelCatalog.spec(named: "lenet5"))
    let text = try source.text(exportCommand: "convscope export pytorch lenet5")
    #expect(source.className == "Lenet5")
    #expect(source.names.renamed.isEmpty)
    // Table I, row by row, from the engine's own table.
    for o in 0..<16 {
      #expect(text.contains("    \(ConnectionTable.leNet5C3.inputs(of: o)),  # map \(o)\n"), "C3 map \(o)")
    }
    for line in [
      "        self.C1 = nn.Conv2d(1, 6, kernel_size=5)",
      "        self.S2 = Subsampling(6, window=2)",
      "        self.C3 = TableConv2d(6, 16, kernel_size=5, table=LENET5_C3)",
      "        self.F6 = nn.Linear(120, 84)",
      "        self.output = EuclideanRBF(84, 10)",
      "        x = self.scaled_tanh(self.F6(torch.flatten(x, 1)))  # F6: [N, 84]",
      "        return 1.7159 * torch.tanh(x * (2.0 / 3.0))",
    ] {
      #expect(text.contains(line + "\n"), "\(line)")
    }
    #expect(!text.contains("CrossMapLRN"))
  }

  @Test func alexNetKeepsItsGroupsAndThePapersLRN() throws {
    let text = try PyTorchModelSource(spec: ModelCatalog.spec(named: "alexnet")).text(exportCommand: "x")
    #expect(text.contains("        self.conv2 = nn.Conv2d(96, 256, kernel_size=5, padding=2, groups=2)\n"))
    #expect(text.contains("        self.lrn1 = CrossMapLRN(size=5, alpha=0.0001, beta=0.75, k=2.0)\n"))
    #expect(text.contains("        self.drop6 = nn.Dropout(0.5)\n"))
    #expect(!text.contains("TableConv2d") && !text.contains("ScaledTanh"))
  }

  @Test(.enabled(if: Python.interpreter != nil, "python3 is not installed; model.py is checked where it is"))
  func everyModelSourceCompiles() throws {
    let python = try #require(Python.interpreter)
    let dir = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for (i, model) in Self.models.enumerated() {
      let path = dir + "/model\(i).py"
      try PyTorchModelSource(spec: ModelCatalog.spec(named: model)).text(exportCommand: "convscope export pytorch \(model)")
        .write(toFile: path, atomically: true, encoding: .utf8)
      let r = try Python.run(python, ["-m", "py_compile", path])
      #expect(r.status == 0, "\(model): \(r.stderr)")
    }
  }

  @Test func theExportHoldsTheWeightsAndConvscopesScores() throws {
    let network = try Network(spec: try ModelCatalog.spec(named: "lenet5"))
    network.initialize(seed: 3)
    let data = try Fixtures.mnistTest(first: 2)
    let x = Tensor(zeros: try ModelCatalog.spec(named: "lenet5").input.batch(2))  // (2, 1, 32, 32)
    InputEncoder.fill(x, labels: nil, from: data, indices: 0..<2, preprocessing: .leNetPad32)
    let expected = network.forward(x, training: false).array
    let export = try PyTorchExport(network: network, samples: .init(input: x, labels: [7, 2], description: "two"),
                                   weightsSource: "seed 3", command: "c")
    #expect(export.files.map(\.name) == ["model.py", "weights.safetensors", "samples.safetensors", "check.py"])
    let weights = try SafeTensors.decode(export.files[1].bytes, source: "weights")
    #expect(weights.tensors.map(\.name) == network.savedParameters.map(\.name))
    for p in network.savedParameters { #expect(weights[p.name]?.values == p.value.array, "\(p.name)") }
    #expect(weights.metadata["source"] == "seed 3")
    let samples = try SafeTensors.decode(export.files[2].bytes, source: "samples")
    #expect(samples["input"]?.shape == [2, 1, 32, 32] && samples["input"]?.values == x.array)
    #expect(samples["logits"]?.shape == [2, 10] && samples["logits"]?.values == expected)
    #expect(samples.metadata["labels"] == "7,2")
    let check = String(decoding: export.files[3].bytes, as: UTF8.self)
    #expect(check.contains("from model import Lenet5, read_safetensors") && check.contains("SMALLEST_WINS = True"))
  }
}
