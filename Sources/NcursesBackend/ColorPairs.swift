import CNcurses
import TerminalUI

/// Maps `Color`s to ncurses colour numbers and fg/bg combinations to colour pairs.
///
/// Pairs come from ncurses 6's `alloc_pair`, which would recycle the least recently used pair
/// once the table is full. Recycling a pair that is still on screen repaints those old cells
/// in the new colours, so instead we count allocations and, just before the table fills,
/// start over with an empty table (`reset_color_pairs`) and tell the caller to repaint every
/// cell with fresh pairs. Heatmaps at direct colour are what fill the table.
final class ColorPairs {
  let depth: ColorDepth
  /// Pairs ncurses can hold (pair 0 is the fixed default/default pair).
  let capacity: Int
  /// The colour numbers standing for "the terminal's default": -1 when `use_default_colors`
  /// worked, else white on black (old terminals without the `op` capability).
  private let defaultForeground: Int32
  private let defaultBackground: Int32
  private var cache: [Int64: Int32] = [:]
  private var allocated = 0

  init(depth: ColorDepth, capacity: Int, defaultColors: Bool = true) {
    self.depth = depth
    self.capacity = max(1, capacity)
    defaultForeground = defaultColors ? -1 : 7
    defaultBackground = defaultColors ? -1 : 0
  }

  /// The pair for a style's colours, or nil when the table is full and must be reset first.
  func pair(fg: Color, bg: Color) -> Int32? {
    if depth == .mono { return 0 }
    var f = number(for: fg)
    var b = number(for: bg)
    if f == -1 && b == -1 { return 0 }
    let key = Int64(f + 1) << 32 | Int64(b + 1)
    if let pair = cache[key] { return pair }
    // Keep one slot spare: pair 0 is reserved and alloc_pair never hands it out.
    guard allocated < capacity - 2 else { return nil }
    if f == -1 { f = defaultForeground }
    if b == -1 { b = defaultBackground }
    var pair = alloc_pair(f, b)
    // A refused pair with room left means colours this terminal lacks: use the default
    // look for that combination from now on rather than retrying every frame.
    if pair <= 0 { pair = 0 } else { allocated += 1 }
    cache[key] = pair
    return pair
  }

  /// Forgets every pair (the caller must then redraw every cell that used one).
  func reset() {
    reset_color_pairs()
    cache.removeAll(keepingCapacity: true)
    allocated = 0
  }

  /// The ncurses colour number for `color` at this depth; -1 is the terminal's default.
  ///
  /// `Terminal` has already approximated colours to `depth`, so at 256 colours and below only
  /// ANSI and indexed colours arrive here; at direct colour, RGB values are packed as
  /// 0xRRGGBB, the numbering xterm-direct style terminfo entries use.
  func number(for color: Color) -> Int32 {
    switch color {
    case .default:
      return -1
    case .indexed(let i):
      if depth == .direct { return Self.direct(Self.paletteRGB(Int(i))) }
      return depth == .c256 || Int(i) < 16 ? Int32(i) : -1
    case .rgb(let r, let g, let b):
      guard depth == .direct else { return -1 }
      return Self.direct((Int(r), Int(g), Int(b)))
    default:
      guard let index = color.ansiIndex else { return -1 }
      // xterm-direct keeps 0–7 as the themed ANSI colours; the bright ones need real RGB.
      if depth == .direct, index >= 8 { return Self.direct(Self.paletteRGB(index)) }
      if depth == .c8 { return Int32(index % 8) }
      return Int32(index)
    }
  }

  /// A direct-colour number. Values below 8 mean the ANSI colours in xterm-direct, so the
  /// few near-black blues that would collide are nudged to 8 (visually the same).
  static func direct(_ rgb: (Int, Int, Int)) -> Int32 {
    let value = rgb.0 << 16 | rgb.1 << 8 | rgb.2
    return Int32(max(8, value))
  }

  /// xterm's default RGB for a 256-palette index (needed to show indexed colours in direct
  /// mode, where numbers mean RGB rather than palette slots).
  static func paletteRGB(_ index: Int) -> (Int, Int, Int) {
    let ansi: [(Int, Int, Int)] = [
      (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
      (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
      (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    if index < 16 { return ansi[max(0, index)] }
    if index >= 232 {
      let grey = 8 + 10 * (index - 232)
      return (grey, grey, grey)
    }
    let levels = [0, 95, 135, 175, 215, 255]
    let cube = index - 16
    return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
  }
}
