import ArgumentParser
import ConvEngine
import Foundation

/// `convscope transfer`: the MNIST-trained LeNet-5 reused on Fashion-MNIST with N labelled
/// examples: frozen features vs fine-tuning everything vs training from scratch.
struct Transfer: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Transfer learning: pretrained LeNet-5 features on Fashion-MNIST with N examples, three ways.",
    discussion: """
      Three arms train on the same class-balanced N Fashion-MNIST examples for the same epochs: \
      frozen features (the shipped MNIST weights, only the classifier layers train), fine-tune all \
      (MNIST weights, every layer trains at a lower learning rate) and from scratch (seeded random \
      weights). Each is tested on the Fashion-MNIST test set after every epoch.
      """)

  @Option(help: "Pretrained model: lenet5-modern or lenet5.") var model: String = "lenet5-modern"
  @Option(help: "Labelled Fashion-MNIST training examples, class-balanced (e.g. 100, 1000, 60000).")
  var examples: Int = 1000
  @Option(help: "Epochs for every arm (default: 20 for N ≤ 1,000, about 20,000 images for more, at least 3).")
  var epochs: Int?
  @Option(help: "Seed for the subset, the from-scratch weights, shuffling and dropout.") var seed: UInt64 = 1
  @Option(help: "Images per step.") var batch: Int = 32
  @Option(help: "Worker threads (1 = bit-for-bit reproducible).") var threads: Int = 2
  @Option(help: "Learning rate of the frozen and from-scratch arms (default: the model's recipe).") var lr: Float?
  @Option(name: .customLong("fine-tune-lr"), help: "Learning rate of the fine-tune arm (default: 0.2 × --lr).")
  var fineTuneLR: Float?
  @Option(name: .customLong("train-layers"),
          help: "Layers the frozen arm trains, comma-separated (default: the FC layers; lenet5-modern F6,output, lenet5 F6).")
  var trainLayers: String?
  @Option(help: "Arms to run, comma-separated: frozen-features, fine-tune-all, from-scratch (default: all three).")
  var arms: String?
  @Option(name: .customLong("test-limit"), help: "Test on the first N test images only.") var testLimit: Int?
  @Option(help: "Pretrained weights (default: assets/weights/<model>.safetensors).") var weights: String?
  @OptionGroup var assetsOption: AssetsOption
  var assets: String? { assetsOption.assets }
  @Flag(help: "Print the result as JSON (curves included) instead of text.") var json = false

  func validate() throws {
    guard examples >= 10 else { throw ValidationError("--examples must be at least 10 (one per class)") }
    if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
    guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    guard (1...8).contains(threads) else { throw ValidationError("--threads must be 1…8") }
    if let testLimit, testLimit < 1 { throw ValidationError("--test-limit must be at least 1") }
    if let arms, Self.parseArms(arms) == nil {
      throw ValidationError("unknown --arms \(arms); use frozen-features, fine-tune-all, from-scratch")
    }
  }

  static func parseArms(_ text: String) -> [TransferArm]? {
    let parsed = text.split(separator: ",").map { TransferArm(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { return nil }
    return parsed.compactMap { $0 }
  }

  func run() throws {
    try CLI.guarded {
      let config = TransferConfig(
        model: model, examples: examples, epochs: epochs, batchSize: batch, seed: seed, threads: threads,
        classifierLayers: trainLayers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
        learningRate: lr, fineTuneLearningRate: fineTuneLR, testLimit: testLimit,
        arms: arms.flatMap(Self.parseArms) ?? TransferArm.allCases)
      let dir = try AssetLocator.assetsDirectory(explicit: assets)
      let experiment = try TransferExperiment(config: config, assetsDirectory: dir, weightsPath: weights)
      if !json { print(Self.header(experiment)) }
      let live = LiveLines(arms: config.arms, interactive: CLI.stdoutIsTerminal && !json,
                           silent: json, stepsPerEpoch: experiment.stepsPerEpoch, epochs: experiment.epochs)
      let result = try experiment.run { live.handle($0) }
      if json {
        print(try CLI.json(result))
      } else {
        print("")
        print(Self.table(result))
        print("")
        print(result.verdict)
      }
    }
  }

  // MARK: - Text

  static func header(_ e: TransferExperiment) -> String {
    let perClass = e.train.labelHistogram
    let balance = Set(perClass).count == 1 ? "\(perClass.first ?? 0) per class"
      : "\(perClass.min() ?? 0)–\(perClass.max() ?? 0) per class"
    var lines = [
      "transfer: \(e.spec.name) pretrained on \(e.pretrained.metadata["dataset"] ?? "?") (\(e.weightsPath)) → \(e.train.name)",
      "\(e.train.count.grouped) labelled training examples (\(balance), seed \(e.config.seed)); \(e.epochs) epoch"
        + "\(e.epochs == 1 ? "" : "s") × \(e.stepsPerEpoch) steps of \(e.config.batchSize); tested on "
        + "\(e.test.count.grouped) \(e.test.name) test images after every epoch",
    ]
    for arm in e.config.arms {
      let lr = "lr " + String(format: "%g", Double(e.learningRate(for: arm)))
      switch arm {
      case .frozenFeatures:
        lines.append("• \(arm.title): pretrained; trains \(e.classifierLayers.joined(separator: ", ")) only; "
          + "\(e.frozenLayers.joined(separator: ", ")) frozen; \(lr)")
      case .fineTuneAll: lines.append("• \(arm.title): pretrained; every layer trains; \(lr)")
      case .fromScratch: lines.append("• \(arm.title): seeded random weights; every layer trains; \(lr)")
      }
    }
    if case .rbf = e.spec.head {
      lines.append("• lenet5's output is the RBF layer with fixed ±1 prototypes (no parameters): the clothes classes "
        + "reuse the ten digit codes, and F6 learns to map C5's features onto them.")
    }
    return lines.joined(separator: "\n")
  }

  /// The class the arm gets right least often, with its recall: "Shirt (41%)".
  static func weakestClass(_ e: Evaluation, names: [String]?) -> String {
    let recalls = e.confusion.enumerated().map { c, row -> (Int, Double) in
      let total = row.reduce(0, +)
      return (c, total == 0 ? 1 : Double(row[c]) / Double(total))
    }
    guard let worst = recalls.min(by: { $0.1 < $1.1 }) else { return "" }
    let name = names.flatMap { worst.0 < $0.count ? $0[worst.0] : nil } ?? "class \(worst.0)"
    return "\(name) (" + String(format: "%.0f%%", worst.1 * 100) + ")"
  }

  /// The final side-by-side table.
  static func table(_ r: TransferResult) -> String {
    func pct(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
    var rows = [["arm"] + r.arms.map(\.arm.title)]
    rows.append(["trains"] + r.arms.map { $0.arm == .frozenFeatures ? $0.trainableLayers.joined(separator: ", ") : "all layers" })
    rows.append(["trainable parameters"] + r.arms.map { $0.trainableParameters.grouped })
    rows.append(["learning rate"] + r.arms.map { String(format: "%g", Double($0.learningRate)) })
    rows.append(["test acc before training"] + r.arms.map { pct($0.initial.accuracy) })
    let every = r.epochs <= 10 ? 1 : 5
    for e in 1...r.epochs where e % every == 0 || e == 1 {
      rows.append(["test acc after epoch \(e)"] + r.arms.map { arm in
        e <= arm.epochs.count ? pct(arm.epochs[e - 1].testAccuracy) : ""
      })
    }
    rows.append(["final test accuracy"] + r.arms.map { pct($0.finalTestAccuracy) })
    rows.append(["best test accuracy (epoch)"] + r.arms.map { arm in
      let best = arm.epochs.max { $0.testAccuracy < $1.testAccuracy }
      return best.map { "\(pct($0.testAccuracy)) (\($0.epoch))" } ?? ""
    })
    rows.append(["final test loss"] + r.arms.map { String(format: "%.4f", $0.epochs.last?.testLoss ?? $0.initial.loss) })
    let classNames = DatasetKind(rawValue: r.dataset)?.classNames
    rows.append(["weakest class (recall)"] + r.arms.map { weakestClass($0.finalEvaluation, names: classNames) })
    rows.append(["train acc, last epoch"] + r.arms.map { $0.epochs.last.map { pct($0.trainAccuracy) } ?? "" })
    rows.append(["time"] + r.arms.map { String(format: "%.1f s", $0.seconds) })
    return CLI.table(rows, rightAligned: Set(1...max(1, r.arms.count)))
  }
}

/// Prints progress as the arms run: one line per epoch with every arm's test accuracy, and
/// on a terminal a transient line for the step in progress.
private final class LiveLines {
  let arms: [TransferArm]
  let interactive: Bool
  let silent: Bool
  let stepsPerEpoch: Int
  let epochs: Int
  private var pending: [Int: [TransferArm: TransferEpoch]] = [:]
  private var initial: [TransferArm: Evaluation] = [:]
  private var lastDraw = 0.0

  init(arms: [TransferArm], interactive: Bool, silent: Bool, stepsPerEpoch: Int, epochs: Int) {
    var unique: [TransferArm] = []
    for arm in arms where !unique.contains(arm) { unique.append(arm) }
    self.arms = unique
    self.interactive = interactive
    self.silent = silent
    self.stepsPerEpoch = stepsPerEpoch
    self.epochs = epochs
  }

  func handle(_ event: TransferEvent) {
    guard !silent else { return }
    switch event {
    case .initial(let arm, let evaluation):
      initial[arm] = evaluation
      if initial.count == arms.count {
        print(line(epoch: 0, arms.map { initial[$0]?.accuracy }, trainAccuracy: nil))
      }
    case .step(let arm, let report):
      guard interactive else { return }
      let now = Benchmark.now()
      guard now - lastDraw > 0.1 else { return }
      lastDraw = now
      CLI.write(String(format: "\r\u{1B}[2Kepoch %d/%d  %@  %3.0f%%  loss %.4f", report.epoch, epochs, arm.title,
                       report.epochProgress * 100, report.loss))
    case .epoch(let arm, let result):
      pending[result.epoch, default: [:]][arm] = result
      if let done = pending[result.epoch], done.count == arms.count {
        if interactive { CLI.write("\r\u{1B}[2K") }
        print(line(epoch: result.epoch, arms.map { done[$0]?.testAccuracy }, trainAccuracy: arms.map { done[$0]?.trainAccuracy }))
        pending[result.epoch] = nil
      }
    }
  }

  private func line(epoch: Int, _ test: [Double?], trainAccuracy: [Double?]?) -> String {
    var text = String(format: "epoch %2d", epoch)
    for (i, arm) in arms.enumerated() {
      let acc = test[i].map { String(format: "%6.2f%%", $0 * 100) } ?? "      —"
      text += "  \(arm.title) \(acc)"
      if let train = trainAccuracy?[i] { text += String(format: " (train %.1f%%)", train * 100) }
    }
    return text + (epoch == 0 ? "   test accuracy before training" : "")
  }
}
