import TerminalUI

/// The Train screen's rows of the key table (`KeyMap.bindings` includes them).
enum TrainKeys {
  private static let here = KeyBinding.Scope.screens([.train])

  private static func train(_ action: TrainAction) -> Action { .train(action) }

  /// One binding for a pair of keys that do opposite things (`[`/`]`, `,`/`.`…).
  private static func pair(
    _ down: Character, _ up: Character, _ description: String, footer: String? = nil,
    _ make: @escaping @Sendable (Bool) -> TrainAction
  ) -> KeyBinding {
    KeyBinding(
      [.char(down), .char(up)], label: "\(down)/\(up)", description: description, footer: footer, scope: here,
      action: { .train(make($0.key == .char(up))) })
  }

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [KeyEvent(.enter)], label: "enter", description: "Train: start the next run", footer: "start",
      scope: here, action: train(.start)),
    KeyBinding(
      [.char(" ")], label: "space", description: "Train: pause / resume", footer: "pause",
      scope: here, action: train(.togglePause)),
    KeyBinding(
      [.char("s")], label: "s", description: "Train: run one batch, then pause", footer: "step",
      scope: here, action: train(.stepBatch)),
    KeyBinding(
      [.char("n")], label: "n", description: "Train: run to the end of the epoch, then pause",
      scope: here, action: train(.stepEpoch)),
    pair("[", "]", "Train: halve / double the learning rate (live, or for the next run)", footer: "lr") {
      .scaleLearningRate($0 ? 2 : 0.5)
    },
    pair(",", ".", "Train: momentum − / + 0.05") { .changeMomentum($0 ? 0.05 : -0.05) },
    pair("{", "}", "Train: halve / double the weight decay") { .scaleWeightDecay($0 ? 2 : 0.5) },
    pair("-", "+", "Train: halve / double the batch size") { .scaleBatchSize($0 ? 2 : 0.5) },
    KeyBinding(
      [.char("m")], label: "m", description: "Train: next model (LeNet-5 classic/modern, AlexNet small/full)",
      scope: here, action: train(.cycleModel)),
    KeyBinding(
      [.char("t")], label: "t", description: "Train: MNIST / Fashion-MNIST (for the next run)",
      scope: here, action: train(.cycleDataset)),
    KeyBinding(
      [.char("e")], label: "e", description: "Train: epochs of the next run (recipe, 1, 2, 5, 10, 20)",
      scope: here, action: train(.cycleEpochs)),
    pair("r", "R", "Train: seed of the next run − / + 1") { .changeSeed($0 ? 1 : -1) },
    KeyBinding(
      [.char("w")], label: "w", description: "Train: save a checkpoint (and its metrics) to runs/", footer: "save",
      scope: here, action: train(.save)),
    KeyBinding(
      [.char("x")], label: "x", description: "Train: export the run's metrics to runs/ as CSV and JSONL",
      scope: here, action: train(.export)),
    KeyBinding(
      [.char("u")], label: "u", description: "Train: resume the newest saved checkpoint of the next run's model",
      scope: here, action: train(.resumeLatest)),
    KeyBinding(
      [.char("E")], label: "E", description: "Train: end the current run", scope: here, action: train(.stopRun)),
    KeyBinding(
      [.char("c")], label: "c", description: "Train: overlay an earlier run on the chart (cycles)",
      scope: here, action: train(.cycleCompared)),
    KeyBinding(
      [.char("a")], label: "a", description: "Train: loss chart / accuracy chart", scope: here,
      action: train(.toggleChart)),
    KeyBinding(
      [.char("y")], label: "y", description: "Train: linear / log y axis", scope: here, action: train(.toggleLogScale)),
    KeyBinding(
      [.char("v")], label: "v", description: "Train: confusion matrix / misclassified images / runs table",
      scope: here, action: train(.cyclePanel)),
  ]
}
