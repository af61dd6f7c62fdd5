/// The xterm 256-colour palette as RGB, plus nearest-colour searches used by `ColorDepth`.
///
/// Entries 0–15 use xterm's defaults; real terminals theme them, so they are only a guess,
/// which is why `nearest256` never picks them for an RGB colour.
enum XtermPalette {
  typealias RGB = (r: Int, g: Int, b: Int)

  /// xterm's default values for the 16 ANSI colours.
  static let ansiRGB: [RGB] = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
  ]

  /// The six intensity steps of the 6×6×6 colour cube (entries 16–231).
  static let cubeLevels = [0, 95, 135, 175, 215, 255]

  /// The RGB value of palette entry `index`.
  static func rgb(_ index: UInt8) -> RGB {
    let i = Int(index)
    if i < 16 { return ansiRGB[i] }
    if i >= 232 {
      let grey = 8 + 10 * (i - 232)
      return (grey, grey, grey)
    }
    let cube = i - 16
    return (cubeLevels[cube / 36], cubeLevels[(cube / 6) % 6], cubeLevels[cube % 6])
  }

  /// Squared Euclidean distance in RGB; crude, but stable and easy to reason about in tests.
  static func distance(_ a: RGB, _ b: RGB) -> Int {
    let dr = a.r - b.r
    let dg = a.g - b.g
    let db = a.b - b.b
    return dr * dr + dg * dg + db * db
  }

  /// The closest entry among 16–255: the best cube colour or the best grey, whichever is nearer.
  static func nearest256(_ color: RGB) -> UInt8 {
    func level(_ v: Int) -> Int {
      var best = 0
      for (i, l) in cubeLevels.enumerated() where abs(l - v) < abs(cubeLevels[best] - v) {
        best = i
      }
      return best
    }
    let cubeIndex = 16 + 36 * level(color.r) + 6 * level(color.g) + level(color.b)
    let mean = (color.r + color.g + color.b) / 3
    let greyStep = min(23, max(0, (mean - 3) / 10))
    let greyIndex = 232 + greyStep
    let cubeDistance = distance(color, rgb(UInt8(cubeIndex)))
    let greyDistance = distance(color, rgb(UInt8(greyIndex)))
    // Ties go to the cube so pure black and white stay on the cube's exact corners.
    return UInt8(greyDistance < cubeDistance ? greyIndex : cubeIndex)
  }

  /// The closest of the first `count` ANSI colours (16, or 8 for the basic set).
  static func nearestANSI(_ color: RGB, among count: Int) -> Int {
    var best = 0
    for i in 1..<count where distance(color, ansiRGB[i]) < distance(color, ansiRGB[best]) {
      best = i
    }
    return best
  }
}
