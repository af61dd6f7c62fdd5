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

  /// A conv layer's kernels as one PNG, one pixel per weight magnified as a map's, on the
  /// kernels' own range (symmetric about 0, the palette's diverging map), as the kernel view
  /// shows them: a small layer's whole out × in matrix (a row per filter, a column per input
  /// map, the pairs C3's Table I leaves out gray), an RGB filter in colour, otherwise one
  /// tile per filter, up to eight a row. Nil for a layer without kernels.
  static func kernelImage(_ layer: ExploreLayerTrace, palette: Palette) -> PanelPicture.Heatmap? {
    let k = layer.kernelSize, plane = k * k
    guard k > 0, !layer.kernels.isEmpty else { return nil }
    let scale = ExploreMapsView.kernelScale(layer)
    let factor = magnification(rows: k, cols: k)
    let image: RGBImage
    let what: String
    if ExploreMapsView.showsKernelMatrix(layer) {
      let inputs = (layer.connections.flatMap { $0 }.max() ?? 0) + 1
      // Where each filter's planes start in `fullKernels` ([out][connections[out]] of k×k).
      var starts: [Int] = []
      var offset = 0
      for reads in layer.connections {
        starts.append(offset)
        offset += reads.count
      }
      image = HeatmapImage.grid(count: layer.channels * inputs, rows: k, cols: k, perRow: inputs, scale: factor) { tile, j in
        let (o, m) = (tile / inputs, tile % inputs)
        guard let slot = layer.connections[o].firstIndex(of: m) else { return HeatmapImage.gapColour }
        return HeatmapImage.rgb(layer.fullKernels[(starts[o] + slot) * plane + j], scale: scale, map: palette.diverging)
      }
      what = "\(layer.kernelCount) kernels of \(k)×\(k), \(layer.channels) filters × \(inputs) inputs"
    } else if layer.kernelChannels == 3 {
      let rgb = (0..<layer.channels).map { ExploreMapsView.kernelRGB(layer, filter: $0, scale: scale) }
      image = HeatmapImage.grid(count: layer.channels, rows: k, cols: k, perRow: 8, scale: factor) { i, j in
        (rgb[i][j * 3], rgb[i][j * 3 + 1], rgb[i][j * 3 + 2])
      }
      what = "\(layer.channels) kernels of \(k)×\(k)×3"
    } else {
      let count = layer.kernels.count / plane
      image = HeatmapImage.grid(maps: (0..<count).map { layer.kernels[($0 * plane)..<(($0 + 1) * plane)] }, rows: k, cols: k,
                                perRow: 8, scale: factor) { _, value in
        HeatmapImage.rgb(value, scale: scale, map: palette.diverging)
      }
      what = "\(count) kernels of \(k)×\(k)" + (layer.connections.first.map { $0.count > 1 } == true ? " (each filter's mean)" : "")
    }
    return PanelPicture.Heatmap(image: image, detail: "\(layer.name): \(what) at \(factor)×")
  }

  /// The test confusion matrix as one PNG, a pixel per (true class, guess) magnified as a
  /// map's: the share of the true class's images given that guess, on the palette's
  /// sequential map from 0 to the largest such share; the diagonal, the right answers, is
  /// gray, so the mistakes are what shows (as on screen, where it is a dot). Nil before the
  /// first epoch's matrix.
  static func confusionImage(_ confusion: [[Int]], palette: Palette) -> PanelPicture.Heatmap? {
    let n = confusion.count
    guard n > 0, confusion.allSatisfy({ $0.count == n }) else { return nil }
    var shares = [Float](repeating: .nan, count: n * n)  // (true class, guess)
    for (i, row) in confusion.enumerated() {
      let total = row.reduce(0, +)
      for j in 0..<n where j != i { shares[i * n + j] = total > 0 ? Float(row[j]) / Float(total) : 0 }
    }
    let largest = shares.filter { !$0.isNaN }.max() ?? 0
    let scale = Scale(min: 0, max: Double(max(largest, 1e-6)))
    let factor = magnification(rows: n, cols: n)
    let image = HeatmapImage.grid(maps: [shares[...]], rows: n, cols: n, perRow: 1, scale: factor) { _, value in
      HeatmapImage.rgb(value, scale: scale, map: palette.sequential)
    }
    let top = String(format: "%.1f", Double(largest) * 100)
    return PanelPicture.Heatmap(image: image,
                                detail: "confusion: \(n)×\(n) at \(factor)×, 0–\(top)% of the true class, the diagonal gray")
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
