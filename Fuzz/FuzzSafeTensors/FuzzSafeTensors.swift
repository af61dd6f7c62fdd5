import ConvEngine
import FuzzSupport

/// The safetensors reader as `--weights`, `forward --input` and `train --resume` use it: decode,
/// read the training state (every field validated), check it against LeNet-5 (modern), load
/// the weights, and restore a trainer from it. Any input must end in a value or an
/// `EngineError`, never a crash, a hang or an unbounded allocation.
nonisolated(unsafe) let trainer: Trainer = {
  var config = TrainingConfig()
  config.threads = 1
  return try! Trainer(network: try! Network(spec: ModelCatalog.spec(named: "lenet5-modern")), config: config)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let file = try? SafeTensors.decode(fuzzBytes(data, size), source: "fuzz") else { return 0 }
  _ = try? Checkpoint.apply(file, source: "fuzz", to: trainer.network)
  _ = Checkpoint.outputClasses(in: file, for: trainer.network.spec)
  guard let state = try? TrainerState(file: file, source: "fuzz") else { return 0 }
  _ = try? state.trainingSet(from: FuzzData.dataset, limit: nil, path: "fuzz")
  _ = try? trainer.restore(state, source: "fuzz")
  return 0
}

/// A tiny stand-in for MNIST, for the training-set checks.
enum FuzzData {
  static let dataset = ImageDataset(name: "mnist", split: .train, rows: 28, cols: 28,
                                    pixels: [UInt8](repeating: 0, count: 16 * 784),
                                    labels: [UInt8](repeating: 0, count: 16), classNames: (0..<10).map(String.init))
}

@_cdecl("FuzzSafeTensors_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzSafeTensors)
}
