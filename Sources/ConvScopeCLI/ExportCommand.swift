import ArgumentParser

/// `convscope export …`: a model taken out of convscope, for another tool.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Take a model out of convscope: as PyTorch code with its weights.",
    subcommands: [ExportPyTorch.self])
}
