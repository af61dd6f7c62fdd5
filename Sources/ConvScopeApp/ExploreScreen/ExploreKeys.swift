import TerminalUI

/// The Explore screen's rows of the key table (`KeyMap.bindings` includes them), so help
/// and the footer list them like every other key.
enum ExploreKeys {
  private static let here = KeyBinding.Scope.screens([.explore])

  private static func explore(_ action: ExploreAction) -> Action { .explore(action) }

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
      [.char("H"), .char("J"), .char("K"), .char("L"), .char("<"), .char(">"), .char("z"), .char("v")],
      label: "HJKL <> z v", description: "Explore: shift, rotate, add noise, invert the digit",
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
      [.char("["), .char("]")], label: "[ ]", description: "Explore: previous / next map (also zoomed and explaining)",
      scope: here, action: { $0.key == .char("[") ? .explore(.selectMap(-1)) : .explore(.selectMap(1)) }),
    KeyBinding(
      [.char("w"), .char("W")], label: "w/W", description: "Explore: slide the window one position on / back",
      scope: here, action: { $0.key == .char("w") ? .explore(.slide(1)) : .explore(.slide(-1)) }),
    KeyBinding(
      [.char("a")], label: "a", description: "Explore: architecture overview (enter dives into a layer)",
      scope: here, action: explore(.toggleOverview)),
    KeyBinding(
      [.char("x")], label: "x", description: "Explore: undo the shifts, rotations, noise and inversion",
      scope: here, action: explore(.resetTransforms)),
    KeyBinding(
      [.char("n"), .char("p")], label: "n/p", description: "Explore: next / previous input image",
      scope: here, action: { $0.key == .char("n") ? .explore(.stepInput(1)) : .explore(.stepInput(-1)) }),
    KeyBinding(
      [.char("*")], label: "*", description: "Explore: a random test image or photo", scope: here,
      action: explore(.randomInput)),
    KeyBinding(
      [.char("g"), .char("#")], label: "g/#", description: "Explore: go to a test image by index (type, enter)",
      scope: here, action: explore(.openIndexPrompt)),
    KeyBinding(
      [.char("o")], label: "o", description: "Explore: open an image file by path (type, enter)",
      scope: here, action: explore(.openPathPrompt)),
    KeyBinding(
      [.char("m")], label: "m", description: "Explore: next model",
      scope: here, action: explore(.cycleModel)),
    KeyBinding(
      [.char("s")], label: "s", description: "Explore: colour scale map / layer / global",
      scope: here, action: explore(.cycleScale)),
    KeyBinding(
      [.char("f")], label: "f", description: "Explore: kernels or outputs",
      scope: here, action: explore(.toggleKernels)),
    KeyBinding(
      [.char("t")], label: "t", description: "Explore: MNIST / Fashion-MNIST test images", scope: here,
      action: explore(.cycleDataset)),
    KeyBinding(
      [.char("d")], label: "d", description: "Explore: draw a 28×28 digit",
      scope: here, action: explore(.toggleDrawing)),
    KeyBinding(
      [.char(" ")], label: "space", description: "Explore draw: ink", scope: here,
      action: explore(.paint)),
    KeyBinding(
      [.char("c")], label: "c", description: "Explore draw: clear", scope: here,
      action: explore(.clearCanvas)),
    KeyBinding(
      [.char("+")], label: "+", description: "Explore draw: pen size", scope: here,
      action: explore(.cyclePen)),
    KeyBinding(
      [.char("b")], label: "b", description: "Explore draw: pen down / up (down: arrows draw strokes)", scope: here,
      action: explore(.togglePen)),
  ]
}
