import Foundation
import ConvEngine

/// One edit of a 28×28 input (shift, rotate, noise, invert), as pure functions on the
/// pixels, so the user can see how robust the prediction is to small changes.
public enum ExploreTransform: Equatable, Sendable {
  /// Move the image by whole pixels; what slides in is background (0).
  case shift(dx: Int, dy: Int)
  /// Rotate about the image centre, in degrees (positive is clockwise on screen).
  case rotate(degrees: Double)
  /// Add seeded uniform noise in −64…64 to every pixel.
  case noise(seed: UInt64)
  /// 0 ↔ 255: dark-on-light instead of MNIST's light-on-dark.
  case invert

  /// A few words for the input panel.
  public var label: String {
    switch self {
    case .shift(let dx, let dy): "shift \(dx),\(dy)"
    case .rotate(let degrees): "rotate \(Int(degrees))°"
    case .noise: "noise"
    case .invert: "invert"
    }
  }

  /// Applies the edit to square `side × side` row-major pixels.
  public func apply(to pixels: [UInt8], side: Int = ExploreCanvas.side) -> [UInt8] {
    switch self {
    case .shift(let dx, let dy): Self.shifted(pixels, dx: dx, dy: dy, side: side)
    case .rotate(let degrees): Self.rotated(pixels, degrees: degrees, side: side)
    case .noise(let seed): Self.noisy(pixels, seed: seed)
    case .invert: pixels.map { 255 - $0 }
    }
  }

  /// Applies edits in order.
  public static func apply(_ transforms: [ExploreTransform], to pixels: [UInt8]) -> [UInt8] {
    transforms.reduce(pixels) { $1.apply(to: $0) }
  }

  static func shifted(_ pixels: [UInt8], dx: Int, dy: Int, side: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: pixels.count)
    for y in 0..<side {
      for x in 0..<side {
        let sy = y - dy, sx = x - dx
        guard (0..<side).contains(sy), (0..<side).contains(sx) else { continue }
        out[y * side + x] = pixels[sy * side + sx]
      }
    }
    return out
  }

  /// Inverse mapping with bilinear sampling: every output pixel asks where it came from,
  /// so there are no holes, and the blur at edges matches how MNIST strokes look.
  static func rotated(_ pixels: [UInt8], degrees: Double, side: Int) -> [UInt8] {
    let a = degrees * .pi / 180
    let (c, s) = (cos(a), sin(a))
    let mid = Double(side - 1) / 2
    func at(_ y: Int, _ x: Int) -> Double {
      guard (0..<side).contains(y), (0..<side).contains(x) else { return 0 }
      return Double(pixels[y * side + x])
    }
    var out = [UInt8](repeating: 0, count: pixels.count)
    for y in 0..<side {
      for x in 0..<side {
        let (ry, rx) = (Double(y) - mid, Double(x) - mid)
        let sx = c * rx + s * ry + mid
        let sy = -s * rx + c * ry + mid
        let (y0, x0) = (Int(floor(sy)), Int(floor(sx)))
        let (fy, fx) = (sy - Double(y0), sx - Double(x0))
        let top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx
        let bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx
        let v = top * (1 - fy) + bottom * fy
        out[y * side + x] = UInt8(min(255, max(0, v.rounded())))
      }
    }
    return out
  }

  /// One draw of the engine's SplitMix64 per pixel: deterministic for a seed, so tests and
  /// reruns agree.
  static func noisy(_ pixels: [UInt8], seed: UInt64) -> [UInt8] {
    var rng = SplitMix64(seed: seed)
    return pixels.map { p in
      let z = rng.next()
      let delta = Int(z % 129) - 64
      return UInt8(min(255, max(0, Int(p) + delta)))
    }
  }

  /// What a list of edits adds up to, as one read-out: "shift +3,0 · rot 30° · noise ×2 ·
  /// inverted" (edits that cancel out are left out; nil when nothing is left).
  public static func summary(_ edits: [ExploreTransform]) -> String? {
    var dx = 0, dy = 0, degrees = 0.0, noise = 0, inverted = false
    for edit in edits {
      switch edit {
      case .shift(let x, let y): dx += x; dy += y
      case .rotate(let d): degrees += d
      case .noise: noise += 1
      case .invert: inverted.toggle()
      }
    }
    var parts: [String] = []
    func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
    if dx != 0 || dy != 0 { parts.append("shift \(signed(dx)),\(signed(dy))") }
    let turn = degrees.truncatingRemainder(dividingBy: 360)
    if turn != 0 { parts.append("rot \(Int(turn))°") }
    if noise > 0 { parts.append(noise == 1 ? "noise" : "noise ×\(noise)") }
    if inverted { parts.append("inverted") }
    return parts.isEmpty ? nil : parts.joined(separator: " · ")
  }
}
