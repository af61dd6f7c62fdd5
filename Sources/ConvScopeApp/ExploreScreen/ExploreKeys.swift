import TerminalUI

/// The Explore screen's rows of the key table (`KeyMap.bindings` includes them), so help
/// and the footer list them like every other key.
enum ExploreKeys {
  private static let here = KeyBinding.Scope.screens([.explore])

  private static func explore(_ action: ExploreAction) -> Action { .explore(action) }

  /// Presenter mode's footer while drawing: space inks where the pen is (the arrows, the
  /// footer's `←/→ layer` otherwise, move the pen on the canvas).
  static let drawingNext = KeyBinding(
    [.char(" ")], label: "space", description: "Explore draw: ink under the pen", footer: "ink, arrows move the pen",
    scope: here, action: explore(.paint))

  static let bindings: [KeyBinding] = [
    KeyBinding(
      [KeyEvent(.left), KeyEvent(.right), .char("h"), .char("l")], label: "←/→",
      description: "Explore: step layer (zoom/explain: cursor, draw: pen)",
      footer: "layer", scope: here,
      action: { event in
        let dx = event.key == .left || event.key == .char("h") ? -1 : 1
        return .explore(.move(dx: dx, dy: 0))
      }),
    KeyBinding(
      [KeyEvent(.up), KeyEvent(.down), .char("k"), .char("j")], label: "↑/↓",
      description: "Explore: select map (zoom/explain: cursor, draw: pen)",
      scope: here,
      action: { event in
        let dy = event.key == .up || event.key == .char("k") ? -1 : 1
        return .explore(.move(dx: 0, dy: dy))
      }),
    KeyBinding(
      [.char("H"), .char("J"), .char("K"), .char("L"), .char("<"), .char(">"), .char("z"), .char("v"), .char("x")],
      label: "HJKL <> z v x", description: "Explore: shift, rotate, add noise, invert the digit; x undoes them",
      scope: here,
      action: { event in
        guard case .char(let c) = event.key else { return nil }
        switch c {
        case "H": return .explore(.transform(.shift(dx: -1, dy: 0)))
        case "L": return .explore(.transform(.shift(dx: 1, dy: 0)))
        case "K": return .explore(.transform(.shift(dx: 0, dy: -1)))
        case "J": return .explore(.transform(.shift(dx: 0, dy: 1)))
        case "<": return .explore(.transform(.rotate(degrees: -15)))
        case ">": return .explore(.transform(.rotate(degrees: 15)))
        case "z": return .explore(.addNoise)
        case "v": return .explore(.transform(.invert))
        case "x": return .explore(.resetTransforms)
        default: return nil
        }
      }),
    KeyBinding(
      [KeyEvent(.enter)], label: "enter", description: "Explore: zoom the selected map / grid",
      footer: "zoom", scope: here, action: explore(.toggleZoom)),
    KeyBinding(
      [KeyEvent(.pageUp), KeyEvent(.pageDown)], label: "pgup/pgdn",
      description: "Explore: previous / next page of maps (explain: scroll the arithmetic)",
      footer: "page", scope: here,
      action: { $0.key == .pageUp ? .explore(.page(-1)) : .explore(.page(1)) }),
    KeyBinding(
      [KeyEvent(.home), KeyEvent(.end)], label: "home/end", description: "Explore: first / last layer",
      scope: here, action: { $0.key == .home ? .explore(.jumpFirst) : .explore(.jumpLast) }),
    KeyBinding(
      [.char("i")], label: "i", description: "Explore: explain the value under the cursor (every product, the check)",
      footer: "explain", scope: here, action: explore(.toggleInspector)),
    KeyBinding(
      [.char("["), .char("]"), .char("w"), .char("W")], label: "[ ] w/W",
      description: "Explore: previous / next map; slide the explained window on / back",
      scope: here,
      action: { event in
        switch event.key {
        case .char("["): .explore(.selectMap(-1))
        case .char("]"): .explore(.selectMap(1))
        case .char("w"): .explore(.slide(1))
        default: .explore(.slide(-1))
        }
      }),
    KeyBinding(
      [.char("a")], label: "a", description: "Explore: architecture overview (enter dives into a layer)",
      scope: here, action: explore(.toggleOverview)),

    KeyBinding(
      [.char("n"), .char("p"), .char("*")], label: "n/p *", description: "Explore: next / previous / random input image",
      scope: here,
      action: { event in
        switch event.key {
        case .char("n"): .explore(.stepInput(1))
        case .char("p"): .explore(.stepInput(-1))
        default: .explore(.randomInput)
        }
      }),
    KeyBinding(
      [.char("g"), .char("#"), .char("o")], label: "g/# o",
      description: "Explore: go to a test image by index / open an image file by path (type, enter)",
      scope: here, action: { $0.key == .char("o") ? .explore(.openPathPrompt) : .explore(.openIndexPrompt) }),
    KeyBinding(
      [.char("m"), .char("t")], label: "m t", description: "Explore: next model / MNIST or Fashion-MNIST test images",
      scope: here, action: { $0.key == .char("m") ? .explore(.cycleModel) : .explore(.cycleDataset) }),
    KeyBinding(
      [.char("s"), .char("f")], label: "s f", description: "Explore: colour scale map / layer / global; kernels or outputs",
      scope: here, action: { $0.key == .char("s") ? .explore(.cycleScale) : .explore(.toggleKernels) }),
    KeyBinding(
      [.char("R")], label: "R",
      description: "Explore: follow the training run live (R again: back)",
      footer: "live", scope: here,
      footerWhen: { $0.explore.isLive || $0.train.progress != nil },
      action: explore(.toggleLive)),
    KeyBinding(
      TimeLapseKeys.keys, label: TimeLapseKeys.label,
      description: "Explore: the run's time-lapse (side panel): a frame back / on, play it",
      footer: TimeLapseKeys.footer, scope: here,
      footerWhen: { ExploreScreen.timeLapse($0)?.frames.isEmpty == false },
      action: { TimeLapseKeys.action(for: $0).map { .explore(.timeLapse($0)) } }),
    KeyBinding(
      [.char("d")], label: "d", description: "Explore: draw a 28×28 digit",
      scope: here, action: explore(.toggleDrawing)),
    // One row for the canvas's four keys, so the whole Explore help still fits two columns of
    // a 160×30 terminal with the time-lapse row.
    KeyBinding(
      [.char(" "), .char("c"), .char("b"), .char("+")], label: "space c b +",
      description: "Explore draw: ink / clear / pen down-up (down: arrows draw) / pen size", scope: here,
      action: { event in
        switch event.key {
        case .char(" "): .explore(.paint)
        case .char("c"): .explore(.clearCanvas)
        case .char("b"): .explore(.togglePen)
        default: .explore(.cyclePen)
        }
      }),
  ]
}
