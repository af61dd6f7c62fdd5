import ArgumentParser

/// `convscope export svg …`: the workbench's pictures from the command line, drawn as the
/// screens draw them (the `e` export's SVG).
struct ExportSVG: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "svg",
    abstract: "Write a picture for slides as SVG: a forward pass's maps, a comparison, or a run's chart.",
    subcommands: [ExportForwardSVG.self, ExportCompareSVG.self, ExportMetricsSVG.self])
}
