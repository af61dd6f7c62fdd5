extension TrainerState {
  /// The training set a resumed run must use: the saved epoch order fixes its size, so a
  /// requested `limit` defaults to it and must agree with it when given; a run saved with
  /// its dataset's name must continue on that dataset. `path` names the checkpoint in errors.
  public func trainingSet(from full: ImageDataset, limit: Int?, path: String) throws -> ImageDataset {
    if let dataset = metadata["dataset"], dataset != full.name {
      throw EngineError(path, "was trained on \(dataset), not \(full.name); resume it on \(dataset) (--dataset \(dataset); t on the Train screen)")
    }
    let wanted = limit.map { max(1, min($0, full.count)) }
    let savedCount = order.count
    guard savedCount > 0 else { return wanted.map { full.prefix($0) } ?? full }
    if let wanted, wanted != savedCount {
      throw EngineError(path, "was trained on \(savedCount.grouped) images; resume with --limit \(savedCount) (or without --limit)")
    }
    guard savedCount <= full.count else {
      throw EngineError(path, "was trained on \(savedCount.grouped) images but \(full.name) has only \(full.count.grouped)")
    }
    return full.prefix(savedCount)
  }
}
