extension InputEncoder {
  /// A dataset digit as the RGB picture AlexNet's augmentation starts from: greyscale copied
  /// to three channels and enlarged so a `size` crop leaves a margin, as 224 crops do of 256.
  public static func augmentationBase(_ dataset: ImageDataset, index: Int, size: Int) -> RGBImage {
    let gray = RGBImage(width: dataset.cols, height: dataset.rows, channels: 1, pixels: Array(dataset.image(index)))
    let side = (size * 256 + 112) / 224
    return gray.grayscaleToRGB().resized(width: side, height: side)
  }

  /// Like `fill` for AlexNet inputs, but each image goes through `augmentation` (random crop,
  /// flip, PCA colour) drawn from `rng`, as in the paper's training.
  public static func fillAugmented(
    _ x: Tensor, labels: UnsafeMutablePointer<Int32>?, from dataset: ImageDataset, indices: some Collection<Int>,
    augmentation: Augmentation, rng: inout SplitMix64
  ) {
    // The trainer augments only `.imageNet` specs, whose inputs are 3-channel squares
    // (`Trainer` checks the preprocessing before calling), whatever the arguments say.
    precondition(x.shape.c == 3 && x.shape.h == x.shape.w, "augmentation needs square RGB inputs, got \(x.shape)")
    for (s, index) in indices.enumerated() {
      let view = augmentation.apply(to: augmentationBase(dataset, index: index, size: x.shape.h), size: x.shape.h, rng: &rng)
      ImagePreprocessing.write(view, into: x, sample: s)
      labels?[s] = Int32(dataset.labels[index])
    }
  }
}

extension Augmentation: Equatable {
  public static func == (a: Augmentation, b: Augmentation) -> Bool {
    a.randomCrop == b.randomCrop && a.flip == b.flip && a.pcaColor == b.pcaColor
  }
}
