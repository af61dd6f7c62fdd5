import ArgumentParser
import ConvEngine

/// The `convscope` command: the workbench and its headless twins.
@main
struct ConvScope: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convscope",
    abstract: "A terminal workbench for learning how convolutional networks work (LeNet-5, AlexNet).",
    discussion: """
      Models: \(ModelCatalog.names.joined(separator: ", ")).
      Data: MNIST and Fashion-MNIST ship in assets/ (see assets/README.md).
      A bare `convscope` opens the workbench and takes its options (--weights, --model, --ascii, --no-color, --record, --palette, --present).
      """,
    subcommands: [Workbench.self, Summary.self, Forward.self, Train.self, Evaluate.self, Bench.self, Compare.self, Transfer.self, ExportWeights.self, ExportCommand.self, Augment.self, LessonCommand.self, TourCommand.self, TrainProbe.self, TimeLapseCommand.self, Replay.self])

  /// Options a bare `convscope` passes on to `convscope workbench`.
  static let workbenchOptions = ["--weights", "--model", "--ascii", "--no-color", "--record", "--palette", "--present"]

  /// `convscope --weights FILE` is `convscope workbench --weights FILE`. Rewritten here rather
  /// than declared on this command: ArgumentParser lets a parent's options appear after a
  /// subcommand, so a root `--weights` would swallow `forward`'s and `evaluate`'s own.
  static func main() {
    ProcessGuard.install()
    var arguments = Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, workbenchOptions.contains(where: { first == $0 || first.hasPrefix($0 + "=") }) {
      arguments.insert("workbench", at: 0)
    }
    main(arguments)
  }

  mutating func run() throws {
    // A bare `convscope` opens the workbench on a terminal; piped or redirected it prints
    // this help, which is what scripts (and the CLI tests) expect.
    guard CLI.stdoutIsTerminal else { print(ConvScope.helpMessage()); return }
    try Workbench.start()
  }
}
