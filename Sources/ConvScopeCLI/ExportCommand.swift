import ArgumentParser

/// `convscope export …`: a model taken out of convscope, for another tool, and pictures for
/// slides (the workbench's `e`, from the command line).
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Take a model out of convscope as PyTorch code with its weights, or pictures out as SVG and PNG.",
    subcommands: [ExportPyTorch.self, ExportSVG.self, ExportPNG.self])
}
