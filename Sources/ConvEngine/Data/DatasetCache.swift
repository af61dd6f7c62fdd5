import Foundation

/// Datasets read once and kept: interactive views (the Explore screen, a training run
/// started again) ask for one image at a time and would otherwise unzip and parse the whole
/// file on every key press. Whoever owns one decides how long they stay (the workbench's
/// engine session, for its life); nothing is shared between owners.
public final class DatasetCache: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: ImageDataset] = [:]

  public init() {}

  /// `ImageDataset.load`, or what an earlier call with the same arguments loaded.
  public func dataset(_ kind: DatasetKind, split: DatasetSplit, assetsDirectory: String) throws -> ImageDataset {
    let key = "\(assetsDirectory)|\(kind.rawValue)|\(split.rawValue)"
    if let hit = lock.withLock({ entries[key] }) { return hit }
    // Loaded outside the lock: two threads asking at once may both read the file, which is
    // better than one holding every other request up for the seconds a load takes.
    let data = try ImageDataset.load(kind, split: split, assetsDirectory: assetsDirectory)
    lock.withLock { entries[key] = data }
    return data
  }
}
