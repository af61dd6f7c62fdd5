/// What `convscope export pytorch` writes: the model as PyTorch code, its weights, sample
/// inputs with convscope's own outputs for them, and a script that compares the two.
public struct PyTorchExport {
  /// Inputs to save with convscope's outputs, so that PyTorch can be checked against them.
  public struct Samples {
    /// The batch exactly as the network reads it (preprocessed).
    public var input: Tensor  // (N, C, H, W)
    /// Each image's true class, when known (nil for a photo).
    public var labels: [Int?]
    /// Where the images come from, e.g. "4 mnist test images (0-3)".
    public var description: String

    public init(input: Tensor, labels: [Int?], description: String) {
      self.input = input
      self.labels = labels
      self.description = description
    }
  }

  /// One file of the export: its name inside the output folder and its bytes.
  public struct File {
    public var name: String
    public var bytes: [UInt8]
  }

  public let source: PyTorchModelSource
  /// convscope's scores for the samples (logits, or RBF penalties).
  public let scores: [Float]  // (N, classes)
  public let files: [File]

  /// Runs `samples` through `network` (inference: dropout off) and makes the four files.
  /// `weightsSource` says where the weights came from; `command` is the command line, quoted
  /// in `model.py`.
  public init(network: Network, samples: Samples, weightsSource: String, command: String) throws {
    let spec = network.spec
    source = PyTorchModelSource(spec: spec)
    let n = samples.input.shape.n
    scores = network.forward(samples.input, training: false).array

    // The weights under the module's attribute names (the layer names, unless Python needed another).
    var weights: [NamedTensor] = []
    for (i, layer) in network.layers.enumerated() {
      let saved = (layer as? RBFOutput)?.fixedParameters ?? layer.parameters
      for p in saved {
        let suffix = p.name.dropFirst(layer.spec.name.count)  // ".weight", ".bias", ".prototypes"
        weights.append(NamedTensor(name: source.names.attributes[i] + suffix, shape: p.dims, values: p.value.array))
      }
    }
    let weightsMeta = ["model": spec.name, "format": "convscope-weights-1", "source": weightsSource]

    let sampleTensors = [
      NamedTensor(name: "input", shape: [n, spec.input.c, spec.input.h, spec.input.w], values: samples.input.array),
      NamedTensor(name: "logits", shape: [n, spec.classes], values: scores),
    ]
    let sampleMeta = [
      "model": spec.name, "samples": samples.description,
      "labels": samples.labels.map { $0.map(String.init) ?? "" }.joined(separator: ","),
      "outputs": spec.head == .softmax ? "logits" : "RBF penalties (smallest wins)",
    ]
    files = [
      File(name: "model.py", bytes: Array(try source.text(exportCommand: command).utf8)),
      File(name: "weights.safetensors", bytes: SafeTensors.encode(weights, metadata: weightsMeta)),
      File(name: "samples.safetensors", bytes: SafeTensors.encode(sampleTensors, metadata: sampleMeta)),
      File(name: "check.py", bytes: Array(PyTorchCheckScript.text(className: source.className, head: spec.head).utf8)),
    ]
  }
}
