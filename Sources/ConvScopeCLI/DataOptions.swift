import ArgumentParser
import ConvEngine

/// Options every data-reading command shares.
struct DataOptions: ParsableArguments {
  @OptionGroup var assetsOption: AssetsOption
  var assets: String? { assetsOption.assets }

  @Option(name: .long, help: "Dataset: mnist or fashion-mnist (default: the model file's dataset line, else mnist).")
  var dataset: String?

  /// The dataset named with `--dataset`, else the one `spec`'s file names, else MNIST.
  func kind(for spec: ModelSpec? = nil) throws -> DatasetKind {
    if let dataset {
      guard let k = DatasetKind(rawValue: dataset) else {
        throw EngineError(dataset, "unknown dataset; choose mnist or fashion-mnist")
      }
      return k
    }
    guard let spec else { return .mnist }
    guard let k = spec.defaultDataset else {
      throw EngineError(spec.name, "is meant for photos (its dataset line), and convscope has no photo training or test set; "
        + "pass --dataset mnist or --dataset fashion-mnist (the images are resized into its input)")
    }
    return k
  }

  /// The split of `kind(for: spec)`.
  func load(_ split: DatasetSplit, for spec: ModelSpec? = nil) throws -> ImageDataset {
    let dir = try AssetLocator.assetsDirectory(explicit: assets)
    return try ImageDataset.load(try kind(for: spec), split: split, assetsDirectory: dir)
  }
}
