import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// `export png forward MODEL --input X --layer L [--zoom N]`: the layer's maps, each value a
/// N×N square in the colours `forward --render --scale S` gives it, eight maps a row with 2
/// gray pixels between them (the workbench's PNG).
struct ExportForwardPNG: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forward",
    abstract: "One layer's maps of a forward pass as a PNG, one pixel per value times --zoom.")

  @OptionGroup var pass: ForwardPassOptions
  @OptionGroup var show: ForwardShowOptions
  @Option(help: "Pixels per value (default: about 160 pixels a map side, 1 to 32).") var zoom: Int?
  @OptionGroup var output: PictureOutputOptions

  func validate() throws {
    if show.layer == nil { throw ValidationError("export png forward needs --layer NAME: the layer whose maps to draw") }
    if show.explain != nil { throw ValidationError("--explain is text; export svg forward draws it") }
    if let zoom, !(1...64).contains(zoom) { throw ValidationError("--zoom must be 1 to 64") }
  }

  func run() throws {
    try CLI.guarded {
      let run = try pass.run()
      let views = try show.views(run.network, input: run.input, named: pass.input, probabilities: run.probabilities)
      let (_, view) = try show.chosen(views, model: run.spec.name)
      let s = view.shape
      guard s.h * s.w > 1 else {
        throw EngineError(view.name, "is \(s.c) units, not maps; export svg forward --layer \(view.name) draws them as a strip")
      }
      let renderer = show.renderer(views, width: 100, depth: .direct)
      let maps = (0..<s.c).map { view.values[($0 * s.plane)..<(($0 + 1) * s.plane)] }
      let colourings = maps.map { renderer.colouring(map: $0, layer: view.values) }
      let scale = zoom ?? PictureExport.magnification(rows: s.h, cols: s.w)
      let image = HeatmapImage.grid(maps: maps, rows: s.h, cols: s.w, perRow: 8, scale: scale) { i, value in
        HeatmapImage.rgb(value, scale: colourings[i].0, map: colourings[i].1)
      }
      try output.write(try image.pngBytes(source: output.out), format: "png", width: image.width, height: image.height,
                       shows: "\(view.name) of \(run.spec.name) on \(run.description): \(s.c) map\(s.c == 1 ? "" : "s") of \(s.h)×\(s.w) at \(scale)×, scale \(show.scale.rawValue)")
    }
  }
}
