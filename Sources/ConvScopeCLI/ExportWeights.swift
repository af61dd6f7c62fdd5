import ArgumentParser
import ConvEngine

/// `convscope export-weights FILE --save OUT`: a checkpoint's weights without the training
/// state `train --save` keeps for `--resume` (an AlexNet's momentum doubles its file), the
/// file to ship or share. What `train --weights-only` writes in one step.
struct ExportWeights: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-weights",
    abstract: "Write a checkpoint's weights without its training state (a file to ship or share).")

  @Argument(help: "A checkpoint written by train --save (safetensors).") var file: String
  @Option(help: "Where to write the weights (safetensors), atomically.") var save: String

  func run() throws {
    try CLI.guarded {
      try FileIO.checkWritable(save)
      let input = try SafeTensors.read(path: file)
      let prefix = Checkpoint.trainingStatePrefix
      let tensors = input.tensors.filter { !$0.name.hasPrefix(prefix) }
      guard !tensors.isEmpty else { throw EngineError(file, "holds no weights (only training state)") }
      // The training run's own record (model, dataset, epochs, accuracy, command) stays;
      // the `train.*` settings and counters only mean something to --resume.
      var metadata = input.metadata.filter { !$0.key.hasPrefix(prefix) }
      metadata["exported_from"] = file.fileName
      try SafeTensors.write(tensors, metadata: metadata, to: save)
      let left = input.tensors.count - tensors.count
      print("saved \(save): \(tensors.count) weight tensors (\(left) training-state tensors left out)")
    }
  }
}
