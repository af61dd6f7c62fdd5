import ConvEngine
import TerminalUI

/// The right-hand panel while the time-lapse scrubber shows a kept frame (`(`, `)`, `P`): the
/// run's first-layer kernels and its fixed test image's maps at that step, with the caption
/// and the track (a click on it jumps). Main's maps stay those of the weights Explore runs.
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
    line(TimeLapseView.caption(lapse, e.scrub), area.y + 1, Style(fg: .yellow, bold: true))
    TimeLapseView.renderTrack(lapse, e.scrub, in: track(in: area), into: &frame)
    var y = area.y + 3
    let at = " at step \(kept.step.grouped)"
    TrainSideView.grid(
      title: ExploreView.text("\(lapse.layer) kernels\(at)", frame), values: kept.kernels, count: lapse.kernelCount,
      side: lapse.kernelSize, scale: TimeLapseView.kernelScale(lapse), colorMap: .blueWhiteRed, maxRows: 2, at: y, in: area,
      into: &frame)
    y += TrainSideView.gridHeight(count: lapse.kernelCount, side: lapse.kernelSize, maxRows: 2, width: area.width)
    guard lapse.mapCount > 0, y + 2 < area.bottom else { return }
    // The maps are of the run's fixed input (test image 0), not of the input Explore shows.
    TrainSideView.grid(
      title: ExploreView.text("\(lapse.layer) maps of test image 0\(at)", frame), values: kept.maps, count: lapse.mapCount,
      side: lapse.mapSide, scale: .fitting(kept.maps), colorMap: .viridis, maxRows: max(1, (area.bottom - y - 1) / 3),
      at: y, in: area, into: &frame)
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
