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

  @OptionGroup var pass: ForwardPassOptions
  @Option(help: "Write every layer's output to this safetensors file.") var dump: String?
  @Option(help: "How many classes to list.") var top: Int = 5
  @Flag(help: "Print JSON.") var json = false
  @Flag(help: "Draw the layer's maps as heatmaps (FC layers as a strip); without --layer, every layer's first maps.")
  var render = false
  @OptionGroup var show: ForwardShowOptions

  func validate() throws {
    if json && (render || show.explain != nil || show.layer != nil) {
      throw ValidationError("--layer, --render and --explain print text; leave out --json")
    }
  }

  func run() throws {
    try CLI.guarded { try forward() }
  }

  private func forward() throws {
    if let dump { try FileIO.checkWritable(dump) }
    let run = try pass.run()
    let (network, spec, x, scores, probabilities, names) = (run.network, run.spec, run.input, run.scores, run.probabilities, run.classNames)
    let (weightsPath, description, ms, firstMs, seed) = (run.weightsPath, run.description, run.milliseconds, run.firstMilliseconds, pass.seed)
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
    if show.layer != nil || render {
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
