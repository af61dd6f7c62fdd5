import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// `export svg forward MODEL --input X [--layer L [--explain C,Y,X]]`: what `forward --render`
/// draws (every layer's first maps, or one layer's maps and legend) and the arithmetic of
/// `--explain`, in full colour.
struct ExportForwardSVG: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forward",
    abstract: "A forward pass as forward --render draws it (with --explain's arithmetic), as SVG.")

  @OptionGroup var pass: ForwardPassOptions
  @OptionGroup var show: ForwardShowOptions
  @OptionGroup var output: PictureOutputOptions

  func run() throws {
    try CLI.guarded {
      let run = try pass.run()
      let views = try show.views(run.network, input: run.input, named: pass.input, probabilities: run.probabilities)
      let renderer = show.renderer(views, width: show.columns ?? 100, depth: .direct)
      var title = "\(run.spec.name) on \(run.description)"
      var blocks: [ScreenBuffer] = []
      if show.layer == nil {
        blocks.append(renderer.overviewCells(layers: views.filter { !$0.repeatsInput }.map { ($0.name, $0.detail, $0.values, $0.shape) }))
      } else {
        let (index, view) = try show.chosen(views, model: run.spec.name)
        title += " · \(view.name)"
        blocks.append(renderer.layerCells(name: view.name, detail: view.detail, values: view.values, shape: view.shape))
        if let lines = try show.explanation(run.network, views: views, index: index, width: renderer.width) {
          blocks.append(ScreenBuffer(lines: [""] + lines))
        }
      }
      let cells = ScreenBuffer.stacking([ScreenBuffer(lines: [title, ""])] + blocks, width: renderer.width).trimmingBlankEdges()
      try output.write(PanelPicture(name: "forward", title: "forward · \(title)", cells: cells))
    }
  }
}
