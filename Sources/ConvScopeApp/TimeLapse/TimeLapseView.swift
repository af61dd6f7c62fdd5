import ConvEngine
import TerminalUI

/// The time-lapse scrubber as drawn on Explore and Train: a caption saying which step is
/// shown, and a one-row track with a mark at that frame (a click on the track jumps there).
enum TimeLapseView {
  /// "time-lapse at step 1,230 · frame 45/120" while a frame is shown (step first), else
  /// "time-lapse: 120 frames to step 4,560 · ( ) scrub · P plays": the longest wording that
  /// fits `width` columns (a narrow panel gets "time-lapse at step 1,230 · 45/120", and at
  /// the narrowest "step 1,230 · 45/120"), so the step and the frame are never cut.
  static func caption(_ lapse: TimeLapse, _ scrub: TimeLapseScrub, width: Int = .max) -> String {
    let count = lapse.frames.count
    guard let last = lapse.frames.last else { return "time-lapse: no frames yet" }
    let wordings: [String]
    if let index = scrub.shown(count: count) {
      let step = "step \(lapse.frames[index].step.grouped)", playing = scrub.isPlaying ? " · playing" : ""
      wordings = ["time-lapse at \(step) · frame \(index + 1)/\(count)\(playing)",
                  "time-lapse at \(step) · \(index + 1)/\(count)\(playing)",
                  "time-lapse at \(step) · \(index + 1)/\(count)", "\(step) · \(index + 1)/\(count)"]
    } else {
      let frames = "\(count) frame\(count == 1 ? "" : "s") to step \(last.step.grouped)"
      wordings = ["time-lapse: \(frames) · ( ) scrub · P plays", "time-lapse: \(frames) · ( ) P", "time-lapse: \(frames)",
                  frames]
    }
    return String.firstFitting(wordings, width: width)
  }

  /// The track in `area`'s first row: `├────●──────┤` (ASCII `|----o------|`), the mark at
  /// the frame shown, or a full track with the mark at the end while showing the run now.
  static func renderTrack(_ lapse: TimeLapse, _ scrub: TimeLapseScrub, in area: Rect, into frame: inout Frame) {
    guard area.width >= 3, area.height >= 1 else { return }
    let count = lapse.frames.count
    let inner = area.width - 2
    let (ends, line, mark) = frame.unicode ? (("├", "┤"), "─", "●") : (("|", "|"), "-", "o")
    var text = ends.0 + String(repeating: line, count: inner) + ends.1
    let at = scrub.shown(count: count).map { column(ofFrame: $0, count: count, width: inner) } ?? inner - 1
    if count > 0 {
      var chars = Array(text)
      chars[1 + at] = Character(mark)
      text = String(chars)
    }
    frame.buffer.put(text, at: Point(x: area.x, y: area.y), style: Style(fg: scrub.isActive ? .yellow : .default, bold: scrub.isActive),
                     clippedTo: area)
  }

  /// The column (0 ..< width) frame `index` of `count` sits at on a track `width` wide.
  static func column(ofFrame index: Int, count: Int, width: Int) -> Int {
    guard count > 1, width > 1 else { return 0 }
    return (index * (width - 1) + (count - 1) / 2) / (count - 1)
  }

  /// The frame under column `x` of a track drawn in `area` (ends included, which mean the
  /// first and last frames); nil off the track.
  static func frame(atColumn x: Int, track area: Rect, count: Int) -> Int? {
    guard count > 0, area.width >= 3, x >= area.x, x < area.right else { return nil }
    let inner = area.width - 2
    let c = min(max(0, x - area.x - 1), inner - 1)
    guard inner > 1 else { return 0 }
    return (c * (count - 1) + (inner - 1) / 2) / (inner - 1)
  }

  /// The kernels' colour scale: symmetric about zero over every kept frame, so weights that
  /// grow look like they grow.
  static func kernelScale(_ lapse: TimeLapse) -> Scale {
    let r = Double(max(lapse.kernelRange, .leastNormalMagnitude))
    return Scale(min: -r, max: r)
  }
}
