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

  /// One binding for several keys, each with its own action (listed as `m/t/e/l`).
  private static func group(_ actions: KeyValuePairs<Character, TrainAction>, _ description: String,
                            footer: String? = nil) -> KeyBinding {
    let table = Dictionary(uniqueKeysWithValues: actions.map { ($0.key, $0.value) })
    return KeyBinding(
      actions.map { KeyEvent.char($0.key) }, label: actions.map { String($0.key) }.joined(separator: "/"),
      description: description, footer: footer, scope: here,
      action: { event in
        guard case .char(let c) = event.key, let action = table[c] else { return nil }
        return .train(action)
      })
  }

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [KeyEvent(.enter)], label: "enter",
      description: "Train: start the next run, go ahead with a long one, or open the picked mistake in Explore",
      footer: "start", scope: here, action: train(.start)),
    KeyBinding(
      [.char(" ")], label: "space", description: "Train: pause / resume", footer: "pause",
      scope: here, action: train(.togglePause)),
    pair("s", "n", "Train: run one batch / to the end of the epoch, then pause", footer: "step") {
      $0 ? .stepEpoch : .stepBatch
    },
    pair("[", "]", "Train: halve / double the learning rate (live, or for the next run)") {
      .scaleLearningRate($0 ? 2 : 0.5)
    },
    pair(",", ".", "Train: momentum − / + 0.05") { .changeMomentum($0 ? 0.05 : -0.05) },
    pair("{", "}", "Train: halve / double the weight decay") { .scaleWeightDecay($0 ? 2 : 0.5) },
    pair("-", "+", "Train: halve / double the batch size") { .scaleBatchSize($0 ? 2 : 0.5) },
    group(["m": .cycleModel, "t": .cycleDataset, "e": .cycleEpochs, "l": .cycleLimit, "p": .cyclePooling],
          "Train: next run's model / dataset / epochs / training images / pooling (own, max, average)"),
    pair("r", "R", "Train: seed of the next run − / + 1") { .changeSeed($0 ? 1 : -1) },
    KeyBinding(
      [.char("T")], label: "T", description: "Train: transfer experiment on N Fashion-MNIST images (N from l)",
      scope: here, action: train(.startTransfer)),
    group(["w": .save, "x": .export],
          "Train: save the selected run (weights, state, metrics) / export its metrics (CSV, JSONL)",
          footer: "save"),
    pair("k", "j", "Train: select the run (w, x write it) or misclassified image (enter opens it) above / below") {
      .moveSelection($0 ? 1 : -1)
    },
    // One row for two keys, so the whole Train help still fits 120×40 with the model-file row.
    group(["u": .resumeLatest, "E": .stopRun], "Train: resume the newest saved checkpoint of the next run's model / end the run"),
    pair("c", "C", "Train: overlay an earlier run on the chart (cycles) / add one more alongside (up to 3)") {
      $0 ? .addCompared : .cycleCompared
    },
    group(["a": .toggleChart, "y": .toggleLogScale, "v": .cyclePanel],
          "Train: loss / accuracy chart, log scale, side panel (confusion, mistakes, runs)"),
    KeyBinding(
      [.char("z")], label: "z", description: "Train: zoom the chart on the first steps (x in steps) / whole run",
      scope: here, action: train(.toggleZoom)),
    KeyBinding(
      TimeLapseKeys.keys, label: TimeLapseKeys.label,
      description: "Train: kernels and maps time-lapse: a frame back / on, play it; a click on its track jumps",
      footer: TimeLapseKeys.footer, scope: here,
      footerWhen: { ($0.train.progress?.timeLapse?.frames.isEmpty ?? true) == false },
      action: { TimeLapseKeys.action(for: $0).map { .train(.timeLapse($0)) } }),
    KeyBinding(
      [.char("L")], label: "L", description: "Train: the next layer whose maps the time-lapse keeps (C1, C3…)",
      footer: "maps layer", scope: here,
      footerWhen: { ($0.train.progress?.timeLapse?.mapLayers.count ?? 0) > 1 },
      action: train(.cycleMapLayer)),
  ]
}
