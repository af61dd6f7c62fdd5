import Foundation

extension ImageDataset {
  /// `load`, remembered for the life of the process: interactive views (the Explore screen,
  /// `InputSource`) ask for one image at a time and would otherwise unzip and parse the whole
  /// file on every key press.
  public static func loadShared(_ kind: DatasetKind, split: DatasetSplit, assetsDirectory: String) throws -> ImageDataset {
    let key = "\(assetsDirectory)|\(kind.rawValue)|\(split.rawValue)"
    if let hit = DatasetCache.shared.get(key) { return hit }
    let data = try load(kind, split: split, assetsDirectory: assetsDirectory)
    DatasetCache.shared.set(key, data)
    return data
  }
}

/// The loaded datasets, behind a lock (the UI's engine work runs on background threads).
private final class DatasetCache: @unchecked Sendable {
  static let shared = DatasetCache()
  private let lock = NSLock()
  private var entries: [String: ImageDataset] = [:]

  func get(_ key: String) -> ImageDataset? { lock.withLock { entries[key] } }
  func set(_ key: String, _ value: ImageDataset) { lock.withLock { entries[key] = value } }
}
