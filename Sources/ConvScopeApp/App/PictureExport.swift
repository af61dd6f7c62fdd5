import ConvEngine
import Foundation
import TerminalUI

/// `e` (Train: `G`): the screen as a picture for slides. What the screen shows below the tab
/// bar and above the footer is drawn off screen in full colour and written as SVG; on Explore,
/// the shown layer's maps are also written as a PNG, one pixel per value magnified by a whole
/// factor, in the colours the screen uses. Files go to `folder` (`exports/` in the working
/// directory), each written to a temporary file and renamed; the status line names them.
public enum PictureExport {
  public static let defaultFolder = "exports"

  /// Writes the pictures for `state`; returns the status line's message (what was written, or
  /// why not). `stamp` makes the file names (e.g. "20261203-160501").
  public static func write(_ state: AppState, folder: String, stamp: String) -> String {
    let base = uniqueBase(folder: folder, name: "\(state.screen.title.lowercased())-\(stamp)")
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try FileIO.writeAtomically(Array(svg(state).utf8), to: base + ".svg")
      guard let (image, detail) = mapsPicture(state) else { return "saved \(base).svg" }
      try image.writePNG(path: base + ".png")
      return "saved \(base).svg and .png (\(detail))"
    } catch {
      return "could not save the picture: \(error)"
    }
  }

  /// The screen's body as SVG: drawn at direct colour with Unicode, whatever the terminal, so
  /// the picture has the exact palette; without the help, the question or a status message.
  public static func svg(_ state: AppState) -> String {
    var clean = state
    clean.isHelpVisible = false
    clean.isQuitPending = false
    clean.statusMessage = nil
    clean.pixelMode = PixelMode(depth: .direct, unicode: true)
    var frame = Frame(buffer: ScreenBuffer(size: state.terminalSize), colorDepth: .direct, unicode: true)
    render(clean, into: &frame)
    let body = RootView.layout(frame.area).body
    var cropped = ScreenBuffer(width: body.width, height: body.height)
    for y in 0..<body.height {
      for x in 0..<body.width { cropped[x, y] = frame.buffer[body.x + x, body.y + y] }
    }
    return cropped.svgText(title: "convscope · \(title(state))")
  }

  /// The Explore layer's maps as a PNG (nil on other screens, or for a layer of units): up to
  /// eight maps a row, each value `scale`×`scale` pixels, coloured as on screen.
  public static func mapsPicture(_ state: AppState) -> (RGBImage, String)? {
    let e = state.explore
    guard state.screen == .explore, let trace = e.trace, let layer = e.currentLayer, !layer.isVector else { return nil }
    // Small maps grow more: about 160 pixels a side, 1 to 32 pixels per value.
    let scale = max(1, min(32, 160 / max(layer.height, layer.width)))
    let colourings = (0..<layer.channels).map {
      ExploreMapsView.colouring(e, trace: trace, layer: layer, map: $0, palette: state.palette)
    }
    let image = HeatmapImage.grid(
      maps: (0..<layer.channels).map { layer.map($0) }, rows: layer.height, cols: layer.width,
      perRow: 8, scale: scale,
      colour: { map, value in HeatmapImage.rgb(value, scale: colourings[map].0, map: colourings[map].1) })
    return (image, "\(layer.name): \(layer.channels) maps of \(layer.height)×\(layer.width) at \(scale)×")
  }

  /// What the picture shows, for its title.
  static func title(_ state: AppState) -> String {
    guard state.screen == .explore, let layer = state.explore.currentLayer else { return state.screen.title }
    return "Explore · \(state.explore.model) · \(layer.name)"
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
