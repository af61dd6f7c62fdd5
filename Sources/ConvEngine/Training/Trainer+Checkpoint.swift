extension Trainer {
  /// Writes the weights and the complete training state to `path`, atomically.
  ///
  /// The file is an ordinary weights file as well (see `TrainerState.file`), so forward and
  /// evaluate read it, and `resume(from:)` continues the run from it.
  public func save(to path: String, metadata: [String: String] = [:]) throws {
    var meta = metadata
    meta["model"] = network.spec.name
    meta["format"] = "convscope-weights-1"
    let file = try state().file(metadata: meta)
    try SafeTensors.write(file.tensors, metadata: file.metadata, to: path)
  }

  /// Continues the run saved at `path` (see `restore`) and logs a `.resumed` event.
  /// Throws for a plain weights file, which has no training state.
  public func resume(from path: String) throws {
    try restore(try TrainerState.read(path: path), source: path)
    mark(.resumed, "resumed from \(path) at step \(step)")
  }
}
