import ArgumentParser
import ConvEngine
import Foundation

/// `convscope export pytorch MODEL [--weights W] --out DIR`: the model as a PyTorch module
/// (`model.py`), its weights, sample inputs with convscope's outputs for them, and `check.py`,
/// which shows that PyTorch computes the same numbers.
struct ExportPyTorch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pytorch",
    abstract: "Write MODEL as a PyTorch nn.Module (model.py), its weights, sample inputs and check.py.",
    discussion: """
      DIR receives model.py (the model as a readable nn.Module whose state-dict keys are the \
      layer names of weights.safetensors), weights.safetensors (--weights, or the model's \
      seeded initialisation), samples.safetensors (a few test images prepared as the model \
      reads them, with convscope's outputs for them) and check.py, which runs the samples \
      through PyTorch and prints the largest difference from convscope's outputs \
      (python3 DIR/check.py; it needs torch). The folder is created if its parent exists.
      """)

  @OptionGroup var modelOptions: ModelOptions
  @Option(help: "Weights to export (safetensors, as train --save writes). Default: the model's seeded initialisation (untrained).")
  var weights: String?
  @Option(help: "Folder to write the four files into (created if missing).") var out: String
  @Option(help: "How many sample images to save with convscope's outputs (1-64).") var samples: Int = 4
  @Option(help: "Where the samples come from: mnist or fashion-mnist test images (default: the dataset the weights were trained on; photos for a 1000-class ImageNet model; else mnist).")
  var dataset: String?
  @Option(help: "Initialisation seed when no weights are given.") var seed: UInt64 = 1
  @OptionGroup var assetsOption: AssetsOption
  var assets: String? { assetsOption.assets }

  func validate() throws {
    guard (1...64).contains(samples) else { throw ValidationError("--samples must be 1 to 64") }
  }

  func run() throws {
    try CLI.guarded { try export() }
  }

  private func export() throws {
    let file = try weights.map { try SafeTensors.read(path: $0) }
    let spec = try file.map { try modelOptions.spec(fitting: $0, source: weights ?? "") } ?? modelOptions.spec()
    let network = try Network(spec: spec)
    let weightsSource: String
    if let file, let weights {
      try Checkpoint.apply(file, source: weights, to: network)
      let trained = [file.metadata["dataset"].map { "trained on \($0)" },
                     file.metadata["test_accuracy"].map { "test accuracy \($0)" }].compactMap { $0 }
      weightsSource = weights + (trained.isEmpty ? "" : " (\(trained.joined(separator: ", ")))")
    } else {
      network.initialize(seed: seed)
      weightsSource = "fresh initialisation (seed \(seed), init \(spec.defaultInit.rawValue)): untrained"
    }
    // Everything that can be refused is checked before the folder is made.
    let assetsDir = try AssetLocator.assetsDirectory(explicit: assets)
    let batch = try sampleBatch(for: spec, recorded: file?.metadata["dataset"], assets: assetsDir)
    // Big models split each layer over the cores; LeNet-sized ones are fastest on one.
    let threads = try spec.splitsLayersAcrossCores() ? BLAS.availableCores : 1
    try Self.prepareFolder(out)
    network.intraOpThreads = threads
    let export = try BLAS.withThreads(threads) {
      try PyTorchExport(network: network, samples: batch, weightsSource: weightsSource, command: commandLine)
    }
    for f in export.files { try FileIO.writeAtomically(f.bytes, to: out + "/" + f.name) }

    let folder = out.hasSuffix("/") ? out : out + "/"
    let parameters = NumberFormat.grouped(try spec.shapeTable().totalParameters)
    let weightFile = export.files.first { $0.name == "weights.safetensors" }?.bytes.count ?? 0
    print("exported \(spec.name) to \(folder) for PyTorch")
    print("weights: \(weightsSource)")
    let rows = [
      ["model.py", "class \(export.source.className): \(spec.layers.count) layers, \(parameters) trainable parameters"],
      ["weights.safetensors", "\(network.savedParameters.count) tensors, \(NumberFormat.bytes(weightFile))"],
      ["samples.safetensors", "\(batch.description), with convscope's \(spec.head == .softmax ? "logits" : "RBF penalties")"],
      ["check.py", "python3 \(folder)check.py compares PyTorch's outputs with convscope's (needs torch)"],
    ]
    for r in rows { print("  " + r[0].padding(toLength: 21, withPad: " ", startingAt: 0) + r[1]) }
    let renamed = export.source.names.renamed
    if !renamed.isEmpty {
      print("note: renamed for Python in model.py and weights.safetensors: "
        + renamed.map { "\($0.layer) → \($0.attribute)" }.joined(separator: ", "))
    }
  }

  /// The command that made the export, quoted in model.py (without the output folder).
  private var commandLine: String {
    var words = ["convscope", "export", "pytorch", modelOptions.model]
    if let w = modelOptions.width { words += ["--width", "\(w)"] }
    if let s = modelOptions.inputSize { words += ["--input-size", "\(s)"] }
    if let weights { words += ["--weights", weights] } else { words += ["--seed", "\(seed)"] }
    if let dataset { words += ["--dataset", dataset] }
    if samples != 4 { words += ["--samples", "\(samples)"] }
    return words.joined(separator: " ")
  }

  /// Creates `path` when only it is missing; throws unless it is then a writable folder.
  static func prepareFolder(_ path: String) throws {
    var info = stat()
    if stat(path, &info) != 0 {
      guard mkdir(path, 0o755) == 0 else {
        throw EngineError(path, "cannot create the output folder: \(String(cString: strerror(errno)))")
      }
    } else if info.st_mode & S_IFMT != S_IFDIR {
      throw EngineError(path, "is not a folder; --out names the folder to write model.py and the other files into")
    }
    try FileIO.checkWritable(path + "/model.py")
  }

  /// The sample images, prepared as `spec` reads them.
  private func sampleBatch(for spec: ModelSpec, recorded: String?, assets: String) throws -> PyTorchExport.Samples {
    let name = dataset ?? recorded
    if name == nil && (spec.data == .photos || spec.preprocessing == .imageNet && spec.classes == 1000) {
      return try photos(for: spec, assets: assets)
    }
    guard let kind = name.map({ DatasetKind(rawValue: $0) }) ?? spec.defaultDataset else {
      throw EngineError(name, "unknown dataset; choose mnist or fashion-mnist")
    }
    let data = try ImageDataset.load(kind, split: .test, assetsDirectory: assets)
    let n = min(samples, data.count)
    let x = Tensor(zeros: spec.input.batch(n))  // (N, C, H, W)
    InputEncoder.fill(x, labels: nil, from: data, indices: 0..<n, preprocessing: spec.preprocessing)
    return PyTorchExport.Samples(input: x, labels: (0..<n).map { Int(data.labels[$0]) },
                                 description: "\(n) \(kind.rawValue) test images (\(n == 1 ? "0" : "0-\(n - 1)"))")
  }

  /// The shipped photos (`assets/images/*_227.ppm`), resized and centre-cropped to the input.
  private func photos(for spec: ModelSpec, assets: String) throws -> PyTorchExport.Samples {
    let folder = assets + "/images"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix("_227.ppm") }.sorted().prefix(samples)
    guard !names.isEmpty else { throw EngineError(folder, "holds no photos (*_227.ppm); pass --dataset mnist") }
    var values: [Float] = []
    for name in names {
      values += try InputSource.load(folder + "/" + name, for: spec, assets: assets).tensor.array
    }
    let stems = names.map { String($0.dropLast("_227.ppm".count)) }
    return PyTorchExport.Samples(
      input: Tensor(shape: spec.input.batch(names.count), values: values), labels: names.map { _ in nil },
      description: "\(names.count) photos from assets/images (\(stems.joined(separator: ", "))), resized and centre-cropped to \(spec.input.h)")
  }
}
