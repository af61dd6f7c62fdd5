/// The built-in 28×28 greyscale datasets.
public enum DatasetKind: String, CaseIterable, Sendable {
  case mnist
  case fashionMNIST = "fashion-mnist"

  /// The class names, indexed by label.
  public var classNames: [String] {
    switch self {
    case .mnist:
      return (0..<10).map(String.init)
    case .fashionMNIST:
      return ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
              "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    }
  }
}

/// Which half of a dataset: the training set or the held-out test set.
public enum DatasetSplit: String, Sendable {
  case train, test

  /// The prefix the IDX file names use ("t10k" is the original name of the test files).
  var filePrefix: String { self == .train ? "train" : "t10k" }
}

/// A set of labelled greyscale images held in memory as bytes (0 = black, 255 = white).
public struct ImageDataset: Sendable {
  /// The dataset's name, e.g. "mnist" or "fashion-mnist".
  public let name: String
  /// Whether these are the training or the test images.
  public let split: DatasetSplit
  /// The number of images.
  public let count: Int
  /// Height of each image in pixels.
  public let rows: Int
  /// Width of each image in pixels.
  public let cols: Int
  /// All pixels, `count × rows × cols`, image after image, each row-major.
  public let pixels: [UInt8]
  /// One label per image, each an index into `classNames`.
  public let labels: [UInt8]
  /// Human-readable class names, indexed by label.
  public let classNames: [String]

  /// Wraps pixels and labels that are already in memory (for example a synthetic set in tests).
  public init(name: String, split: DatasetSplit, rows: Int, cols: Int,
              pixels: [UInt8], labels: [UInt8], classNames: [String]) {
    // Every caller passes consistent arrays: `load` after `IDXArray` checked the byte count
    // against the header (and the label count against the image count), the others from an
    // existing dataset or image. A bad file is a thrown error long before this.
    precondition(pixels.count == labels.count * rows * cols,
                 "ImageDataset: \(pixels.count) pixels do not make \(labels.count) images of \(rows)×\(cols)")
    self.name = name
    self.split = split
    self.count = labels.count
    self.rows = rows
    self.cols = cols
    self.pixels = pixels
    self.labels = labels
    self.classNames = classNames
  }

  /// The pixels of image `i`, row-major (`rows × cols` bytes).
  public func image(_ i: Int) -> ArraySlice<UInt8> {
    // Indices typed or linked by a user are range-checked with a message where they enter
    // (`InputSource`, Explore's prompt and lesson links); the rest come from `0..<count`.
    precondition(i >= 0 && i < count, "ImageDataset.image: index \(i) is outside 0..<\(count)")
    let size = rows * cols
    return pixels[i * size ..< (i + 1) * size]
  }

  /// How many images carry each label, indexed by label.
  public var labelHistogram: [Int] {
    var histogram = [Int](repeating: 0, count: classNames.count)
    for label in labels where Int(label) < histogram.count {
      histogram[Int(label)] += 1
    }
    return histogram
  }

  /// The image and label files of a dataset split under an assets folder.
  public static func paths(_ kind: DatasetKind, split: DatasetSplit,
                           assetsDirectory: String) -> (images: String, labels: String) {
    let folder = assetsDirectory.hasSuffix("/") ? assetsDirectory : assetsDirectory + "/"
    let stem = folder + kind.rawValue + "/" + split.filePrefix
    return (stem + "-images-idx3-ubyte.gz", stem + "-labels-idx1-ubyte.gz")
  }

  /// Loads a dataset split from `<assets>/<kind>/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz`.
  ///
  /// Every failure is an `EngineError` naming the file at fault.
  public static func load(_ kind: DatasetKind, split: DatasetSplit,
                          assetsDirectory: String) throws -> ImageDataset {
    let (imagesPath, labelsPath) = paths(kind, split: split, assetsDirectory: assetsDirectory)
    let classNames = kind.classNames

    let images = try IDXArray.read(path: imagesPath, itemName: "images")
    guard images.dims.count == 3 else {
      throw EngineError(imagesPath, "expected 3-D images (count×28×28) but the header has "
        + "\(dimensionText(images.dims)); is this a labels file?")
    }
    let (count, rows, cols) = (images.dims[0], images.dims[1], images.dims[2])
    guard rows == 28, cols == 28 else {
      throw EngineError(imagesPath, "expected 28×28 images but they are \(rows)×\(cols)")
    }
    guard count > 0 else {
      throw EngineError(imagesPath, "holds no images (the header says 0); \(kind.rawValue) needs at least one to "
        + "train or test on")
    }

    let labels = try IDXArray.read(path: labelsPath, itemName: "labels")
    guard labels.dims.count == 1 else {
      throw EngineError(labelsPath, "expected 1-D labels but the header has "
        + "\(dimensionText(labels.dims)); is this an images file?")
    }
    guard labels.dims[0] == count else {
      throw EngineError(labelsPath, "has \(labels.dims[0].grouped) labels but "
        + "\(imagesPath) has \(count.grouped) images; the two counts must agree")
    }
    if let bad = labels.bytes.firstIndex(where: { Int($0) >= classNames.count }) {
      throw EngineError(labelsPath, "label \(labels.bytes[bad]) at index \(bad.grouped) "
        + "is out of range: \(kind.rawValue) has classes 0…\(classNames.count - 1)")
    }

    return ImageDataset(name: kind.rawValue, split: split, rows: rows, cols: cols,
                        pixels: images.bytes, labels: labels.bytes, classNames: classNames)
  }
}

/// "1 dimension (60,000)" or "3 dimensions (60,000×28×28)".
private func dimensionText(_ dims: [Int]) -> String {
  let shape = dims.map(\.grouped).joined(separator: "×")
  return "\(dims.count) dimension\(dims.count == 1 ? "" : "s") (\(shape))"
}
