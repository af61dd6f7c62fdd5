import ArgumentParser
import ConvEngine

/// The `convscope` command: the workbench (once the terminal front end lands) and its
/// headless twins.
@main
struct ConvScope: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convscope",
    abstract: "A terminal workbench for learning how convolutional networks work (LeNet-5, AlexNet).",
    discussion: """
      Models: \(ModelCatalog.names.joined(separator: ", ")).
      Data: MNIST and Fashion-MNIST ship in assets/ (see assets/README.md).
      """,
    subcommands: [Summary.self, Forward.self, Train.self, Evaluate.self, Bench.self, Augment.self, LessonCommand.self, TrainProbe.self])

  mutating func run() throws {
    // Until the workbench screens exist, a bare `convscope` says what it can do.
    print(ConvScope.helpMessage())
  }
}
