import ArgumentParser
import ConvEngine
import Foundation
import TerminalUI

/// `convscope forward <model> --input X`: one forward pass, the top classes, every layer's output.
struct Forward: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run one input through a model: top-k classes, and optionally every layer's output.",
    discussion: """
      X is an image file (PPM, PGM, PNG, JPEG), a dataset image such as mnist:test:7 or \
      fashion-mnist:train:0, or a safetensors file holding a float32 NCHW tensor named "input".

      --dump writes every layer's output (keyed by the layer names of `summary --json`) plus \
      "input", "logits" (raw scores; RBF penalties for lenet5) and "probabilities".

      --layer NAME shows one layer (a name from `summary`, "input" or "probabilities"): \
      --render draws its maps as heatmaps (every layer's first maps when --layer is not given) \
      and --explain C,Y,X prints the arithmetic behind one of its values. Colours follow the \
      terminal (COLORTERM=truecolor for 24-bit); with NO_COLOR set or when piped, plain shade \
      characters.
      """)

  @OptionGroup var modelOptions: ModelOptions
  @Option(help: "Weights (safetensors; torchvision AlexNet state dicts are accepted). Default: the shipped LeNet-5 weights; AlexNet: untrained.")
  var weights: String?
  @Option(help: "The input: an image file, DATASET:SPLIT:INDEX, or a safetensors file with an \"input\" tensor.")
  var input: String
  @Option(help: "Write every layer's output to this safetensors file.") var dump: String?
  @Option(help: "How many classes to list.") var top: Int = 5
  @Option(help: "Initialisation seed when no weights are given.") var seed: UInt64 = 1
  @Option(help: "Folder holding the shipped assets.") var assets: String?
  @Flag(help: "Print JSON.") var json = false
  @Option(help: "Show this layer: a name from `summary`, \"input\" or \"probabilities\". Without --render/--explain: per-map statistics.")
  var layer: String?
  @Flag(help: "Draw the layer's maps as heatmaps (FC layers as a strip); without --layer, every layer's first maps.")
  var render = false
  @Option(help: "Colour scale for --render: map, layer or global.") var scale: RenderScale = .layer
  @Option(help: "Colours for --render: \(Palette.allCases.map(\.name).joined(separator: ", ")) (as the workbench's --palette).")
  var palette: Palette = .standard
  @Option(help: "Explain one value of --layer: C,Y,X (map, row, column) or C for a unit or class.")
  var explain: String?
  @Option(help: "Columns for --render and --explain (default: the terminal's width, or 100 when piped).")
  var columns: Int?
  @Option(help: "Which image of a multi-image input --layer shows.") var sample: Int = 0

  func validate() throws {
    if explain != nil && layer == nil { throw ValidationError("--explain needs --layer NAME") }
    if json && (render || explain != nil || layer != nil) {
      throw ValidationError("--layer, --render and --explain print text; leave out --json")
    }
    if let columns, columns < 20 { throw ValidationError("--columns must be at least 20") }
    if sample < 0 { throw ValidationError("--sample must be 0 or more") }
  }

  func run() throws {
    try CLI.guarded { try forward() }
  }

  private func forward() throws {
    if let dump { try FileIO.checkWritable(dump) }
    let assetsDir = try? AssetLocator.assetsDirectory(explicit: assets)
    let weightsPath = try weights ?? Self.shippedWeights(for: modelOptions.spec(), assets: assetsDir)
    // Read once: the file also says which AlexNet it holds (width, input size, classes).
    let file = try weightsPath.map { try SafeTensors.read(path: $0) }
    let spec = try file.map { try modelOptions.spec(fitting: $0, source: weightsPath ?? "") } ?? modelOptions.spec()
    let network = try Network(spec: spec)
    if let file, let weightsPath {
      try Checkpoint.apply(file, source: weightsPath, to: network)
    } else {
      network.initialize(seed: seed)
    }
    let (x, classNames, description) = try InputSource.load(input, for: spec, assets: assetsDir)
    // Big models split each layer over the cores; LeNet-sized ones are fastest on one.
    let macs = try spec.shapeTable().totalMACs
    let threads = macs > Trainer.intraOpThresholdMACs ? BLAS.availableCores : 1
    BLAS.setThreadsForCurrentThread(threads)
    network.intraOpThreads = threads
    var t0 = Benchmark.now()
    network.forward(x, training: false)
    let firstMs = (Benchmark.now() - t0) * 1000
    // Time a second pass too: the first one also allocates every buffer.
    t0 = Benchmark.now()
    let scores = network.forward(x, training: false)
    let ms = (Benchmark.now() - t0) * 1000
    let probabilities = Loss.probabilities(scores: scores, head: spec.head)
    let names = classNames ?? (spec.classes == 1000 ? ImageNetClasses.load(assets: assetsDir) : nil)
    var samples: [ForwardSample] = []
    for (s, p) in probabilities.enumerated() {
      let ranked = p.enumerated().sorted { $0.element > $1.element }.prefix(max(1, top))
      samples.append(ForwardSample(top: ranked.map { i, prob in
        ForwardClass(index: i, name: names.flatMap { i < $0.count ? $0[i] : nil } ?? "class \(i)",
                     probability: Double(prob), score: Double(scores.pointer[s * spec.classes + i]))
      }))
    }
    if let dump { try writeDump(network, input: x, scores: scores, probabilities: probabilities, to: dump) }
    let result = ForwardJSON(model: spec.name, weights: weightsPath ?? "untrained (seed \(seed))", input: description,
                             milliseconds: ms, samples: samples, dump: dump)
    if json { print(try CLI.json(result)); return }
    print("\(spec.name) on \(description)")
    print(weightsPath.map { "weights: \($0)" } ?? "weights: UNTRAINED (seeded initialisation, seed \(seed)); pass --weights to load trained ones")
    if layer != nil || render {
      if let first = samples.first?.top.first {
        print("prediction: \(first.name == "\(first.index)" ? first.name : "\(first.index) \(first.name)")"
          + String(format: " (%.2f%%)", first.probability * 100))
      }
      try showLayers(network, input: x, probabilities: probabilities)
      if let dump { print("wrote every layer's output to \(dump)") }
      return
    }
    let scoreName = spec.head == .softmax ? "logit" : "RBF penalty"
    for (s, sample) in samples.enumerated() {
      if samples.count > 1 { print("sample \(s):") }
      var rows = [["rank", "class", "probability", scoreName]]
      for (r, c) in sample.top.enumerated() {
        rows.append(["\(r + 1)", c.name == "\(c.index)" ? c.name : "\(c.index) \(c.name)", String(format: "%.2f%%", c.probability * 100),
                     String(format: "%.4f", c.score)])
      }
      print(CLI.table(rows, rightAligned: [0, 2, 3]))
    }
    print(String(format: "forward pass: %.2f ms (first pass, with buffer allocation: %.2f ms)", ms, firstMs))
    if let dump { print("wrote every layer's output to \(dump)") }
  }

  /// The shipped weights for LeNet-5 models, when present.
  static func shippedWeights(for spec: ModelSpec, assets: String?) -> String? {
    guard let assets, spec.family.hasPrefix("lenet5") else { return nil }
    let path = assets + "/weights/\(spec.name).safetensors"
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  private func writeDump(_ network: Network, input x: Tensor, scores: Tensor, probabilities: [[Float]], to path: String) throws {
    func dims(_ t: Tensor) -> [Int] {
      t.shape.h == 1 && t.shape.w == 1 ? [t.shape.n, t.shape.c] : [t.shape.n, t.shape.c, t.shape.h, t.shape.w]
    }
    var tensors = [NamedTensor(name: "input", shape: dims(x), values: x.array)]
    for (layer, out) in zip(network.layers, network.outputs) {
      tensors.append(NamedTensor(name: layer.spec.name, shape: dims(out), values: out.array))
    }
    tensors.append(NamedTensor(name: "logits", shape: dims(scores), values: scores.array))
    tensors.append(NamedTensor(name: "probabilities", shape: [probabilities.count, network.spec.classes],
                               values: probabilities.flatMap { $0 }))
    try SafeTensors.write(tensors, metadata: ["model": network.spec.name], to: path)
  }
}

struct ForwardClass: Codable {
  var index: Int
  var name: String
  var probability: Double
  var score: Double
}

struct ForwardSample: Codable {
  var top: [ForwardClass]
}

struct ForwardJSON: Codable {
  var model: String
  var weights: String
  var input: String
  var milliseconds: Double
  var samples: [ForwardSample]
  var dump: String?
}
