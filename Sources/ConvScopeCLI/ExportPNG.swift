import ArgumentParser

/// `convscope export png forward …`: one layer's maps as pixels.
struct ExportPNG: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "png",
    abstract: "Write a layer's maps as a PNG: one pixel per value, magnified by a whole factor.",
    subcommands: [ExportForwardPNG.self])
}
