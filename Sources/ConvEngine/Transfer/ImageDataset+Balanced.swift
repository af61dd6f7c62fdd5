extension ImageDataset {
  /// `count` images with every class equally represented (when `count` is not a multiple of
  /// the class count, a seeded choice of classes gets one more), chosen by `seed`: the same
  /// seed gives the same images. The images keep their order in the original set.
  ///
  /// Throws when a class has fewer images than its share, naming the class.
  public func balancedSubset(count: Int, seed: UInt64) throws -> ImageDataset {
    let classes = classNames.count
    guard classes > 0, count >= classes else {
      throw EngineError(name, "a class-balanced subset needs at least one image per class (\(classes)), not \(count)")
    }
    guard count <= self.count else {
      throw EngineError(name, "asked for \(count.grouped) images but the \(split.rawValue) set has \(self.count.grouped)")
    }
    var byClass = [[Int]](repeating: [], count: classes)
    for (index, label) in labels.enumerated() where Int(label) < classes { byClass[Int(label)].append(index) }
    // A generator of its own (not the training seed's stream), so the subset does not
    // change when something else draws from the seed.
    var rng = SplitMix64(seed: seed ^ 0xBA1A_4CED_5B5E_7000)
    var classOrder = Array(0..<classes)
    rng.shuffle(&classOrder)
    var quota = [Int](repeating: count / classes, count: classes)
    for c in classOrder.prefix(count % classes) { quota[c] += 1 }
    var chosen: [Int] = []
    chosen.reserveCapacity(count)
    for c in 0..<classes {
      guard byClass[c].count >= quota[c] else {
        throw EngineError(name, "class \(c) (\(classNames[c])) has \(byClass[c].count) images, fewer than its share \(quota[c])")
      }
      var indices = byClass[c]
      rng.shuffle(&indices)
      chosen += indices.prefix(quota[c])
    }
    chosen.sort()
    let size = rows * cols
    var subsetPixels = [UInt8]()
    subsetPixels.reserveCapacity(chosen.count * size)
    for i in chosen { subsetPixels += pixels[(i * size)..<((i + 1) * size)] }
    return ImageDataset(name: name, split: split, rows: rows, cols: cols, pixels: subsetPixels,
                        labels: chosen.map { labels[$0] }, classNames: classNames)
  }
}
