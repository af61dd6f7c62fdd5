import ConvEngine
import Foundation
import TerminalUI

/// Pictures for slides. `e` (Train: `G`) saves what the focused panel shows (`PanelPicture`),
/// `S` the whole screen below the tab bar and above the footer. Either is drawn off screen in
/// full colour and written as SVG; heatmaps are also written as a PNG, one pixel per value
/// magnified by a whole factor, in the colours the screen uses. Files go to `folder`
/// (`exports/` in the working directory), each written to a temporary file and renamed; the
/// status line names them.
public enum PictureExport {
  public static let defaultFolder = "exports"

  /// What a key saves: the focused panel, or the whole screen.
  public enum Scope: Equatable, Sendable {
    case panel, screen
  }

  /// Writes the pictures for `state`; returns the status line's message (what was written, or
  /// why not). `stamp` makes the file names (e.g. "20261203-160501").
  public static func write(_ state: AppState, scope: Scope = .panel, folder: String, stamp: String) -> String {
    let pictures = scope == .panel ? PanelPicture.focused(state) : [PanelPicture.screen(state)]
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      var saved: [String] = []
      for picture in pictures {
        saved.append(try picture.write(to: uniqueBase(folder: folder, name: "\(picture.name)-\(stamp)")))
      }
      let detail = pictures.count == 1 ? pictures[0].heatmap.map { " (\($0.detail))" } ?? "" : ""
      return "saved " + saved.joined(separator: ", ") + detail
    } catch {
      return "could not save the picture: \(error)"
    }
  }

  /// The screen's body as SVG (what `S` writes).
  public static func svg(_ state: AppState) -> String {
    PanelPicture.screen(state).svg
  }

  /// The whole frame for `state`, drawn at direct colour with Unicode whatever the terminal,
  /// so a picture has the exact palette; without the help, the question or a status message.
  static func cleanFrame(_ state: AppState) -> (state: AppState, buffer: ScreenBuffer) {
    var clean = state
    clean.isHelpVisible = false
    clean.isQuitPending = false
    clean.statusMessage = nil
    clean.pixelMode = PixelMode(depth: .direct, unicode: true)
    var frame = Frame(buffer: ScreenBuffer(size: state.terminalSize), colorDepth: .direct, unicode: true)
    render(clean, into: &frame)
    return (clean, frame.buffer)
  }

  /// The Explore layer's maps as a PNG (nil on other screens, or for a layer of units): up to
  /// eight maps a row, each value `scale`×`scale` pixels, coloured as on screen.
  public static func mapsPicture(_ state: AppState) -> (RGBImage, String)? {
    let e = state.explore
    guard state.screen == .explore, let trace = e.trace, let layer = e.currentLayer, !layer.isVector else { return nil }
    let maps = Array(0..<layer.channels)
    let image = heatmapImage(e, trace: trace, layer: layer, maps: maps, palette: state.palette)
    return (image.image, image.detail)
  }

  /// Maps `maps` of an Explore layer as one PNG: small maps grow more, to about 160 pixels a
  /// side (1 to 32 pixels per value), up to eight maps a row.
  static func heatmapImage(
    _ e: ExploreState, trace: ExploreTrace, layer: ExploreLayerTrace, maps: [Int], palette: Palette
  ) -> PanelPicture.Heatmap {
    let scale = magnification(rows: layer.height, cols: layer.width)
    let colourings = maps.map { ExploreMapsView.colouring(e, trace: trace, layer: layer, map: $0, palette: palette) }
    let image = HeatmapImage.grid(
      maps: maps.map { layer.map($0) }, rows: layer.height, cols: layer.width, perRow: 8, scale: scale,
      colour: { i, value in HeatmapImage.rgb(value, scale: colourings[i].0, map: colourings[i].1) })
    let what = maps.count < layer.channels ? "map \(maps[0])" : "\(maps.count) map\(maps.count == 1 ? "" : "s")"
    return PanelPicture.Heatmap(image: image, detail: "\(layer.name): \(what) of \(layer.height)×\(layer.width) at \(scale)×")
  }

  /// Pixels per value for a rows×cols map: about 160 pixels a side, 1 to 32.
  public static func magnification(rows: Int, cols: Int) -> Int {
    max(1, min(32, 160 / max(1, rows, cols)))
  }

  /// `folder/name`, or `folder/name-2`, `-3`… when an export of that second exists already.
  private static func uniqueBase(folder: String, name: String) -> String {
    var base = folder + "/" + name
    var n = 2
    while FileManager.default.fileExists(atPath: base + ".svg") {
      base = folder + "/" + name + "-\(n)"
      n += 1
    }
    return base
  }
}
