import ArgumentParser
import ConvEngine

/// Options every data-reading command shares.
struct DataOptions: ParsableArguments {
  @Option(name: .long, help: "Folder holding mnist/ and fashion-mnist/ (default: the shipped assets/).")
  var assets: String?

  @Option(name: .long, help: "Dataset: mnist or fashion-mnist.")
  var dataset: String = "mnist"

  func kind() throws -> DatasetKind {
    guard let k = DatasetKind(rawValue: dataset) else {
      throw EngineError(dataset, "unknown dataset; choose mnist or fashion-mnist")
    }
    return k
  }

  func load(_ split: DatasetSplit) throws -> ImageDataset {
    let dir = try AssetLocator.assetsDirectory(explicit: assets)
    return try ImageDataset.load(try kind(), split: split, assetsDirectory: dir)
  }
}
