import ArgumentParser
import TerminalUI

/// What `forward` shows of one layer, shared with `export svg|png forward`.
struct ForwardShowOptions: ParsableArguments {
  @Option(help: "Show this layer: a name from `summary`, \"input\" or \"probabilities\". Without --render/--explain: per-map statistics.")
  var layer: String?
  @Option(help: "Colour scale for --render: map, layer or global.") var scale: RenderScale = .layer
  @Option(help: "Colours for --render: \(Palette.allCases.map(\.name).joined(separator: ", ")) (as the workbench's --palette).")
  var palette: Palette = .standard
  @Option(help: "Explain one value of --layer: C,Y,X (map, row, column) or C for a unit or class.")
  var explain: String?
  @Option(help: "Columns for --render and --explain (default: the terminal's width, or 100 when piped).")
  var columns: Int?
  @Option(help: "Which image of a multi-image input --layer shows.") var sample: Int = 0

  func validate() throws {
    if explain != nil && layer == nil { throw ValidationError("--explain needs --layer NAME") }
    if let columns, columns < 20 { throw ValidationError("--columns must be at least 20") }
    if sample < 0 { throw ValidationError("--sample must be 0 or more") }
  }
}
