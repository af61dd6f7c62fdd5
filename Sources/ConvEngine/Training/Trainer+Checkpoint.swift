extension Trainer {
  /// Writes the weights and the complete training state to `path`, atomically.
  ///
  /// The file is an ordinary weights file as well (see `TrainerState.file`), so forward and
  /// evaluate read it, and `resume(from:)` continues the run from it.
  public func save(to path: String, metadata: [String: String] = [:]) throws {
    try state().write(to: path, metadata: metadata)
  }

  /// Continues the run saved at `path` (see `restore`) and logs a `.resumed` event.
  /// Throws for a plain weights file, which has no training state.
  public func resume(from path: String) throws {
    try restore(try TrainerState.read(path: path), source: path)
    mark(.resumed, "resumed from \(path) at step \(step)")
  }
}

extension TrainerState {
  /// Writes the state as a checkpoint (an ordinary weights file too) to `path`, atomically;
  /// a state kept in memory after its run ended saves exactly as the live trainer would have.
  public func write(to path: String, metadata extra: [String: String] = [:]) throws {
    var meta = extra
    meta["model"] = metadata["model"]
    meta["format"] = "convscope-weights-1"
    let file = try file(metadata: meta)
    try SafeTensors.write(file.tensors, metadata: file.metadata, to: path)
  }
}
