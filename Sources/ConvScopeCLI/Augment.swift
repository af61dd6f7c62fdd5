import ArgumentParser
import ConvEngine
import Foundation

/// `convscope augment`: writes AlexNet training views of an image so the augmentation can be seen.
struct Augment: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write augmented training views (random crop, flip, PCA colour) of an image as PPM files.")

  @Option(help: "An image file, or DATASET:SPLIT:INDEX such as mnist:train:0.") var input: String
  @Option(help: "Folder to write the views into.") var out: String
  @Option(help: "How many views.") var count: Int = 8
  @Option(help: "Crop size in pixels.") var size: Int = 224
  @Option(help: "Comma-separated: crop, flip, pca.") var augment: String = "crop,flip,pca"
  @Option(help: "Seed.") var seed: UInt64 = 1
  @OptionGroup var assetsOption: AssetsOption
  var assets: String? { assetsOption.assets }

  /// "crop,flip,pca" → the augmentation; nil when a word is unknown.
  static func parse(_ text: String) -> Augmentation? { Augmentation(parsing: text) }

  func run() throws {
    try CLI.guarded {
      guard let augmentation = Self.parse(augment) else {
        throw EngineError(augment, "unknown augmentation; use a comma-separated list of crop, flip, pca")
      }
      let parts = input.split(separator: ":").map(String.init)
      let base: RGBImage
      if parts.count == 3, let kind = DatasetKind(rawValue: parts[0]), let split = DatasetSplit(rawValue: parts[1]),
         let index = Int(parts[2]) {
        let data = try ImageDataset.load(kind, split: split, assetsDirectory: try AssetLocator.assetsDirectory(explicit: assets))
        guard index >= 0 && index < data.count else { throw EngineError(input, "no image \(index)") }
        base = InputEncoder.augmentationBase(data, index: index, size: size)
      } else {
        base = try RGBImage.read(path: input)
      }
      do {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      } catch {
        throw EngineError(out, "cannot create the folder (\(error.localizedDescription))")
      }
      var rng = SplitMix64(seed: seed)
      for i in 0..<max(1, count) {
        let view = augmentation.apply(to: base, size: size, rng: &rng)
        let path = out + "/view-\(i).ppm"
        try view.writePPM(path: path)
        print(path)
      }
    }
  }
}
