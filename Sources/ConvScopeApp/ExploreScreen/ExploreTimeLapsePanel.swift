import ConvEngine
import TerminalUI

/// The right-hand panel while the time-lapse scrubber shows a kept frame (`(`, `)`, `P`): the
/// run's first-layer kernels and its fixed test image's maps at the layer being viewed (when
/// the time-lapse keeps that layer; else a note naming those it keeps, and the first of them)
/// at that step, with the caption and the track (a click on it jumps). Main's maps stay
/// those of the weights Explore runs.
enum ExploreTimeLapsePanel {
  static func render(_ state: AppState, lapse: TimeLapse, in area: Rect, into frame: inout Frame) {
    let e = state.explore
    guard area.height >= 4, area.width >= 12, let index = e.scrub.shown(count: lapse.frames.count) else { return }
    let kept = lapse.frames[index]
    let whose = e.isLive ? e.trace?.live.map { "run \($0.runID)" } ?? "the run" : e.userWeights?.fileName ?? "the run"
    func line(_ s: String, _ y: Int, _ style: Style = Style()) {
      guard y < area.bottom else { return }
      frame.buffer.put(ExploreView.text(s, frame), at: Point(x: area.x, y: y), style: style, clippedTo: area)
    }
    line("Time-lapse of \(whose)", area.y, Style(bold: true))
    line(TimeLapseView.caption(lapse, e.scrub, width: area.width), area.y + 1, Style(fg: .yellow, bold: true))
    TimeLapseView.renderTrack(lapse, e.scrub, in: track(in: area), into: &frame)
    var y = area.y + 3
    let at = " at step \(kept.step.grouped)"
    TrainSideView.grid(
      title: ExploreView.text("\(lapse.layer) kernels\(at)", frame), values: kept.kernels, count: lapse.kernelCount,
      side: lapse.kernelSize, scale: TimeLapseView.kernelScale(lapse), colorMap: frame.palette.diverging, maxRows: 2, at: y, in: area,
      into: &frame)
    y += TrainSideView.gridHeight(count: lapse.kernelCount, side: lapse.kernelSize, maxRows: 2, width: area.width)
    let shown = mapLayer(lapse, viewing: e.currentLayer?.name)
    if let note = shown.note {
      for text in TextWrapper.wrap(ExploreView.text(note, frame), width: area.width, first: "", rest: "  ") {
        line(text, y, Style(dim: true))
        y += 1
      }
    }
    guard let l = shown.index, y + 2 < area.bottom else { return }
    let m = lapse.mapLayers[l]
    // The maps are of the run's fixed input (test image 0), not of the input Explore shows.
    TrainSideView.grid(
      title: ExploreView.text(String.firstFitting(["\(m.name) maps of test image 0\(at)", "\(m.name) maps\(at)"],
                                                    width: area.width), frame), values: kept.maps[l], count: m.count,
      side: m.side, scale: .fitting(kept.maps[l]), colorMap: frame.palette.sequential, maxRows: max(1, (area.bottom - y - 1) / 3),
      height: area.bottom - y - 1, at: y, in: area, into: &frame)
  }

  /// Which kept layer's maps the panel shows while Explore views layer `viewed`: that one
  /// when the time-lapse keeps it, else the first kept layer, with a note saying so.
  static func mapLayer(_ lapse: TimeLapse, viewing viewed: String?) -> (index: Int?, note: String?) {
    if let viewed, let i = lapse.mapLayerIndex(named: viewed) { return (i, nil) }
    guard let first = lapse.mapLayers.first else { return (nil, "This time-lapse keeps no maps, only kernels.") }
    let kept = lapse.mapLayers.map(\.name).joined(separator: ", ")
    return (0, "\(viewed ?? "This layer")'s maps are not kept (kept: \(kept); --timelapse-layers chooses). "
      + "Showing \(first.name):")
  }

  /// The track's row: the third of the panel.
  static func track(in area: Rect) -> Rect {
    Rect(x: area.x, y: area.y + 2, width: area.width, height: 1)
  }

  /// What a click does on Explore: on the time-lapse track (while the panel is shown), show
  /// the frame under it.
  static func action(for mouse: MouseEvent, in state: AppState) -> Action? {
    guard state.screen == .explore, !state.isHelpVisible, state.explore.scrub.isActive, mouse.button == .left,
      mouse.kind == .press || mouse.kind == .drag, let lapse = ExploreScreen.timeLapse(state)
    else { return nil }
    let track = track(in: ExploreLayout(size: state.size).side)
    guard mouse.y == track.y, let index = TimeLapseView.frame(atColumn: mouse.x, track: track, count: lapse.frames.count)
    else { return nil }
    return .explore(.timeLapse(.jump(index)))
  }
}
