extension ImageDataset {
  /// The first `n` images as a dataset of their own (quick runs, tests).
  public func prefix(_ n: Int) -> ImageDataset {
    let n = Swift.max(0, Swift.min(n, count))
    return ImageDataset(name: name, split: split, rows: rows, cols: cols,
                        pixels: Array(pixels[0..<(n * rows * cols)]), labels: Array(labels[0..<n]),
                        classNames: classNames)
  }
}
