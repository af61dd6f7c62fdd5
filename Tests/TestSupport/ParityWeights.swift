import ConvEngine
import Foundation

/// The Swift half of the PyTorch parity fixtures' generation contract
/// (`Tests/Fixtures/parity/make_parity_fixtures.py`, whose docstring is the full definition).
///
/// The fixtures store no weights (AlexNet has 61 M); both sides draw them from SplitMix64
/// instead, by a formula that is exact in Float32 so the two sides agree bit for bit:
/// parameter p of `Network.savedParameters` is the stream seeded `0x5EED_0000 + p`, and its
/// element i is `(2·u − 1)·A` with `u = Float(next() >> 40)·2⁻²⁴` (24 bits, exact) and `A` a
/// power of two near 1/√fan-in (scaling by a power of two is exact, with or without FMA).
public enum ParityWeights {
  /// Parameter p's stream is seeded with `parameterSeedBase + p`.
  public static let parameterSeedBase: UInt64 = 0x5EED_0000
  /// The input batch's stream.
  public static let inputSeed: UInt64 = 0xC0FFEE

  /// 2^−e with e = ⌊½·log₂ fanIn + ½⌋, the power of two nearest 1/√fanIn on a log scale.
  ///
  /// `log2` of a power of two is exact in every libm, and only powers of two sit on the
  /// rounding boundary, so Swift and numpy agree on `e`.
  public static func amplitude(fanIn: Int) -> Float {
    precondition(fanIn >= 1, "fan-in must be positive")
    let e = Int((0.5 * log2(Double(fanIn)) + 0.5).rounded(.down))
    return Float(sign: .plus, exponent: -e, significand: 1)
  }

  /// The contract's fan-in: (input maps / groups)·k² for a convolution (LeNet's C3 counts
  /// densely, its table is ignored), the flattened input for an FC layer, window² for a
  /// sub-sampling coefficient; nil for layers without random parameters.
  public static func fanIn(of layer: any Layer) -> Int? {
    switch layer.spec.kind {
    case .conv(let c): return layer.inputShape.c / c.groups * c.kernel * c.kernel
    case .fc: return layer.inputShape.perSample
    case .subsample(let window): return window * window
    default: return nil
    }
  }

  /// Writes `count` values (2·u − 1)·amplitude of SplitMix64(`seed`) to `destination`.
  public static func fillUniform(_ destination: UnsafeMutablePointer<Float>, count: Int, seed: UInt64,
                                 amplitude: Float) {
    var rng = SplitMix64(seed: seed)
    for i in 0..<count {
      // `>> 40` keeps 24 bits, so the conversion and the 2⁻²⁴ scaling are exact.
      let u = Float(rng.next() >> 40) * 0x1p-24
      destination[i] = (2 * u - 1) * amplitude
    }
  }

  /// Sets every random parameter of `network` by the contract; fixed tensors (the RBF
  /// prototypes) keep their values but still use up their seed number, and C3's
  /// unconnected kernels end up zero.
  public static func fill(_ network: Network) {
    let fixed = Set(network.layers.compactMap { ($0 as? RBFOutput).map { ObjectIdentifier($0.prototypes) } })
    for (p, parameter) in network.savedParameters.enumerated() {
      if fixed.contains(ObjectIdentifier(parameter)) { continue }
      // `<layer>.weight` / `<layer>.bias`: the layer decides the amplitude for both.
      let layerName = String(parameter.name[..<(parameter.name.lastIndex(of: ".") ?? parameter.name.endIndex)])
      guard let index = network.layerIndex(named: layerName), let fanIn = fanIn(of: network.layers[index]) else {
        preconditionFailure("parity weights: no fan-in rule for parameter \(parameter.name)")
      }
      fillUniform(parameter.value.pointer, count: parameter.count, seed: parameterSeedBase + UInt64(p),
                  amplitude: amplitude(fanIn: fanIn))
      parameter.applyMask()
    }
  }

  /// The input batch: SplitMix64(`inputSeed`) over the NCHW elements, uniform in
  /// [−amplitude, amplitude) (`amplitude` must be a power of two for exactness).
  public static func input(shape: Shape, amplitude: Float = 1) -> Tensor {
    let x = Tensor(zeros: shape)
    fillUniform(x.pointer, count: x.count, seed: inputSeed, amplitude: amplitude)
    return x
  }
}
