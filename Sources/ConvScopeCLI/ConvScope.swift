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
      """,
    subcommands: [Workbench.self, Summary.self, Forward.self, Train.self, Evaluate.self, Bench.self, Compare.self, Transfer.self, Augment.self, LessonCommand.self, TrainProbe.self])

  /// The workbench's options, so `convscope --weights FILE` works like `convscope workbench --weights FILE`.
  @OptionGroup var workbench: WorkbenchOptions

  mutating func run() throws {
    // Checked first: a missing weights file is an error even where the help would be printed.
    let state = try workbench.initialState()
    // A bare `convscope` opens the workbench on a terminal; piped or redirected it prints
    // this help, which is what scripts (and the CLI tests) expect. With --weights the user
    // asked for the workbench, so they hear why it cannot start instead.
    guard CLI.stdoutIsTerminal || workbench.weights != nil else { print(ConvScope.helpMessage()); return }
    try Workbench.start(state: state)
  }
}
