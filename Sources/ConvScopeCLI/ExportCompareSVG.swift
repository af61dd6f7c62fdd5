import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// `export svg compare [A B]`: the Compare screen's whole comparison (bars, stage table,
/// design choices, measured speeds).
struct ExportCompareSVG: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Two models side by side as the Compare screen draws them, every line, as SVG.")

  @OptionGroup var options: CompareOptions
  @Option(help: "Columns to lay the comparison out in.") var columns: Int = 100
  @OptionGroup var output: PictureOutputOptions

  func validate() throws {
    if columns < 60 { throw ValidationError("--columns must be at least 60") }
  }

  func run() throws {
    try CLI.guarded {
      let comparison = try options.comparison(showingProgress: !output.json && isatty(STDERR_FILENO) == 1)
      try output.write(PanelPicture.comparison(comparison, width: columns))
    }
  }
}
