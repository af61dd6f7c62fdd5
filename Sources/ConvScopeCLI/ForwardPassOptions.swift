import ArgumentParser
import ConvEngine
import Foundation

/// What chooses a forward pass, shared by `forward` and `export svg|png forward`: the model,
/// its weights, the input and the seed for untrained weights.
struct ForwardPassOptions: ParsableArguments {
  @OptionGroup var modelOptions: ModelOptions
  @Option(help: "Weights (safetensors; torchvision AlexNet state dicts are accepted). Default: the shipped LeNet-5 weights; AlexNet: untrained.")
  var weights: String?
  @Option(help: "The input: an image file, DATASET:SPLIT:INDEX, or a safetensors file with an \"input\" tensor.")
  var input: String
  @Option(help: "Initialisation seed when no weights are given.") var seed: UInt64 = 1
  @OptionGroup var assetsOption: AssetsOption
  var assets: String? { assetsOption.assets }

  /// Loads the model, its weights and the input, and runs the pass (twice, the second timed
  /// without the first's buffer allocation).
  func run() throws -> ForwardPass {
    let assetsDir = try? AssetLocator.assetsDirectory(explicit: assets)
    let weightsPath = try weights ?? Forward.shippedWeights(for: modelOptions.spec(), assets: assetsDir)
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
    let threads = try spec.splitsLayersAcrossCores() ? BLAS.availableCores : 1
    BLAS.setThreadsForCurrentThread(threads)
    network.intraOpThreads = threads
    var t0 = Benchmark.now()
    network.forward(x, training: false)
    let firstMs = (Benchmark.now() - t0) * 1000
    t0 = Benchmark.now()
    let scores = network.forward(x, training: false)
    let ms = (Benchmark.now() - t0) * 1000
    return ForwardPass(
      network: network, input: x, scores: scores, probabilities: Loss.probabilities(scores: scores, head: spec.head),
      weightsPath: weightsPath, classNames: classNames ?? (spec.classes == 1000 ? ImageNetClasses.load(assets: assetsDir) : nil),
      description: description, milliseconds: ms, firstMilliseconds: firstMs)
  }
}
