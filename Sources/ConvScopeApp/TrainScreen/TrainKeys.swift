import TerminalUI

/// The Train screen's rows of the key table (`KeyMap.bindings` includes them).
enum TrainKeys {
  private static let here = KeyBinding.Scope.screens([.train])

  private static func train(_ action: TrainAction) -> Action { .train(action) }

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [KeyEvent(.enter)], label: "enter", description: "Train: start a run", footer: "start",
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
    KeyBinding(
      [.char("["), .char("]")], label: "[/]", description: "Train: halve / double the learning rate",
      footer: "lr", scope: here,
      action: { $0.key == .char("[") ? .train(.scaleLearningRate(0.5)) : .train(.scaleLearningRate(2)) }),
    KeyBinding(
      [.char(","), .char(".")], label: ",/.", description: "Train: momentum − / + 0.05",
      scope: here,
      action: { $0.key == .char(",") ? .train(.changeMomentum(-0.05)) : .train(.changeMomentum(0.05)) }),
    KeyBinding(
      [.char("-"), .char("+")], label: "-/+", description: "Train: halve / double the batch size",
      scope: here,
      action: { $0.key == .char("-") ? .train(.scaleBatchSize(0.5)) : .train(.scaleBatchSize(2)) }),
    KeyBinding(
      [.char("w")], label: "w", description: "Train: save a checkpoint to runs/", footer: "save",
      scope: here, action: train(.save)),
    KeyBinding(
      [.char("m")], label: "m", description: "Train: next model (for the next run)",
      scope: here, action: train(.cycleModel)),
    KeyBinding(
      [.char("t")], label: "t", description: "Train: MNIST / Fashion-MNIST (for the next run)",
      scope: here, action: train(.cycleDataset)),
  ]
}
