import ArgumentParser
import ConvEngine
import Foundation

/// `convscope evaluate <model> --weights W`: test accuracy and confusion matrix.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Test-set accuracy and confusion matrix of saved weights.")

  @OptionGroup var modelOptions: ModelOptions
  @Option(help: "Weights file (safetensors), e.g. assets/weights/lenet5.safetensors.") var weights: String
  @Option(help: "Worker threads.") var threads: Int = 2
  @Flag(help: "Print JSON.") var json = false
  @OptionGroup var data: DataOptions

  func run() throws {
    try CLI.guarded {
      // Read once: the file also says which AlexNet it holds (width, input size, classes).
      let file = try SafeTensors.read(path: weights)
      let spec = try modelOptions.spec(fitting: file, source: weights)
      let network = try Network(spec: spec)
      try Checkpoint.apply(file, source: weights, to: network)
      let test = try data.load(.test, for: spec)
      let t0 = Benchmark.now()
      let ev = try Evaluator(network: network, threads: max(1, threads)).evaluate(on: test)
      let seconds = Benchmark.now() - t0
      if json {
        print(try CLI.json(EvaluateJSON(model: spec.name, weights: weights, dataset: test.name, images: ev.count,
                                        correct: ev.correct, accuracy: ev.accuracy, loss: ev.loss,
                                        confusion: ev.confusion, classes: test.classNames, seconds: seconds)))
        return
      }
      print("\(spec.name) on \(test.name) test (\(ev.count.grouped) images), weights \(weights)")
      print(String(format: "accuracy %.2f%% (%@ correct, %@ errors), mean loss %.4f, %.2f s",
                   ev.accuracy * 100, ev.correct.grouped, (ev.count - ev.correct).grouped, ev.loss, seconds))
      print("\nconfusion matrix (rows: true class, columns: predicted)")
      var rows: [[String]] = [["true\\pred"] + (0..<spec.classes).map(String.init) + ["recall"]]
      for (i, row) in ev.confusion.enumerated() {
        let total = max(1, row.reduce(0, +))
        let name = test.classNames[i] == "\(i)" ? "\(i)" : "\(i) \(test.classNames[i])"
        rows.append([name] + row.map(String.init)
          + [String(format: "%.1f%%", Double(row[i]) / Double(total) * 100)])
      }
      print(CLI.table(rows, rightAligned: Set(1...(spec.classes + 1))))
    }
  }
}

struct EvaluateJSON: Encodable {
  var model: String
  var weights: String
  var dataset: String
  var images: Int
  var correct: Int
  var accuracy: Double
  var loss: Double
  var confusion: [[Int]]
  var classes: [String]
  var seconds: Double
}
