import Foundation

/// One row of a model summary, computed from the spec alone.
public struct ShapeRow: Sendable, Hashable, Codable {
  public var name: String
  /// "conv", "subsample", "maxpool", "avgpool", "adaptive-avgpool", "lrn", "fc", "dropout", "flatten", "rbf".
  public var kind: String
  /// Kernel/window, stride, padding, groups as text ("5×5 /1 pad 0", "3×3 /2", "n=5 k=2 α=1e-4 β=0.75").
  public var details: String
  public var kernel: Int?
  public var stride: Int?
  public var padding: Int?
  public var groups: Int?
  public var activation: String
  /// Per-sample output shape [C, H, W].
  public var output: [Int]
  /// Trainable parameters.
  public var parameters: Int
  /// How `parameters` is obtained, e.g. "6×(5×5×1)+6 = 156".
  public var derivation: String
  /// Fixed (non-trainable) values held by the layer, e.g. the RBF prototypes.
  public var fixedValues: Int
  /// Multiply-accumulates per image.
  public var macs: Int
  /// Bytes of this layer's output per image (Float32).
  public var activationBytes: Int

  public var outputDescription: String {
    output[1] == 1 && output[2] == 1 ? "\(output[0])" : "\(output[0])×\(output[1])×\(output[2])"
  }
}

/// A model's per-layer shapes, parameters, compute and memory, plus totals.
public struct ShapeTable: Sendable, Hashable, Codable {
  public var model: String
  public var title: String
  public var input: [Int]
  public var rows: [ShapeRow]
  public var notes: [String]

  public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }
  public var totalMACs: Int { rows.reduce(0) { $0 + $1.macs } }
  /// Output bytes of every layer plus the input, per image.
  public var totalActivationBytes: Int { rows.reduce(input.reduce(4, *)) { $0 + $1.activationBytes } }
}

extension ModelSpec {
  /// Walks the layers, checking that each fits its input, without allocating tensors.
  public func shapeTable() throws -> ShapeTable {
    var shape = input
    var rows: [ShapeRow] = []
    for layer in layers {
      let (row, next) = try Self.row(for: layer, input: shape, model: name)
      rows.append(row)
      shape = next
    }
    return ShapeTable(model: name, title: title, input: [input.c, input.h, input.w], rows: rows, notes: notes)
  }

  /// Per-sample output shape of every layer, in order.
  public func layerShapes() throws -> [Shape] {
    var shape = input
    return try layers.map { layer in
      shape = try Self.row(for: layer, input: shape, model: name).1
      return shape
    }
  }

  static func row(for layer: LayerSpec, input s: Shape, model: String) throws -> (ShapeRow, Shape) {
    func fail(_ why: String) -> EngineError { EngineError(model, "layer \(layer.name): \(why)") }
    var row = ShapeRow(name: layer.name, kind: "", details: "", activation: layer.activation.rawValue,
                       output: [], parameters: 0, derivation: "0", fixedValues: 0, macs: 0, activationBytes: 0)
    // The output shape by the one rule (`LayerKind.outputShape`), read only after the case
    // below has checked that the layer fits its input (a zero stride or window would divide
    // by zero).
    var out: Shape { layer.kind.outputShape(for: s) }
    switch layer.kind {
    case .conv(let c):
      guard c.kernel >= 1, c.stride >= 1, c.padding >= 0, c.outChannels >= 1 else {
        throw fail("kernel \(c.kernel), stride \(c.stride), padding \(c.padding) and \(c.outChannels) outputs must be positive")
      }
      guard s.h + 2 * c.padding >= c.kernel, s.w + 2 * c.padding >= c.kernel else {
        throw fail("a \(c.kernel)×\(c.kernel) kernel with padding \(c.padding) does not fit a \(s.h)×\(s.w) input")
      }
      if c.table != nil && c.groups != 1 { throw fail("a connection table cannot be combined with groups") }
      guard c.groups >= 1, s.c % c.groups == 0, c.outChannels % c.groups == 0 else {
        throw fail("\(s.c) input and \(c.outChannels) output channels do not split into \(c.groups) groups")
      }
      let (ho, wo) = (out.h, out.w)
      guard ho >= 1, wo >= 1, c.stride >= 1 else {
        throw fail("a \(c.kernel)×\(c.kernel) kernel with padding \(c.padding) does not fit a \(s.h)×\(s.w) input")
      }
      if let t = c.table, t.outputs != c.outChannels || t.inputs != s.c {
        throw fail("connection table is \(t.outputs)×\(t.inputs) but the layer is \(c.outChannels)×\(s.c)")
      }
      let cinG = s.c / c.groups, kk = c.kernel * c.kernel
      row.kind = "conv"
      row.details = "\(c.kernel)×\(c.kernel) /\(c.stride) pad \(c.padding)" + (c.groups > 1 ? " groups \(c.groups)" : "")
        + (c.table != nil ? " table" : "")
      row.kernel = c.kernel
      row.stride = c.stride
      row.padding = c.padding
      row.groups = c.groups
      if let t = c.table {
        let kernels = t.connectionCount
        row.parameters = kernels * kk + c.outChannels
        row.derivation = "\(kernels)×(\(c.kernel)×\(c.kernel))+\(c.outChannels) = \(row.parameters.grouped)"
        row.macs = kernels * kk * ho * wo
      } else {
        row.parameters = c.outChannels * cinG * kk + c.outChannels
        row.derivation = "\(c.outChannels)×(\(c.kernel)×\(c.kernel)×\(cinG))+\(c.outChannels) = \(row.parameters.grouped)"
        row.macs = c.outChannels * cinG * kk * ho * wo
      }
    case .subsample(let window):
      guard window >= 1 else { throw fail("the sub-sampling window must be at least 1") }
      guard s.h % window == 0, s.w % window == 0 else { throw fail("\(s.h)×\(s.w) does not divide into \(window)×\(window) blocks") }
      row.kind = "subsample"
      row.details = "\(window)×\(window) /\(window) coeff+bias"
      row.kernel = window
      row.stride = window
      row.padding = 0
      row.parameters = 2 * s.c
      row.derivation = "\(s.c)×(1+1) = \(row.parameters.grouped)"
    case .pool(let kind, let size, let stride):
      guard size >= 1, s.h >= size, s.w >= size, stride >= 1 else { throw fail("a \(size)×\(size) window does not fit \(s.h)×\(s.w)") }
      row.kind = kind == .max ? "maxpool" : "avgpool"
      row.details = "\(size)×\(size) /\(stride)" + (size > stride ? " overlapping" : "")
      row.kernel = size
      row.stride = stride
      row.padding = 0
    case .adaptiveAvgPool(let oh, let ow):
      row.kind = "adaptive-avgpool"
      row.details = "to \(oh)×\(ow)"
    case .lrn(let size, let alpha, let beta, let k):
      row.kind = "lrn"
      row.details = "n=\(size) k=\(k.compact) α=\(alpha.compact) β=\(beta.compact)"
    case .fc(let outputs):
      let fanIn = s.perSample
      row.kind = "fc"
      row.details = "\(fanIn) → \(outputs)"
      row.parameters = fanIn * outputs + outputs
      row.derivation = "\(outputs)×\(fanIn)+\(outputs) = \(row.parameters.grouped)"
      row.macs = fanIn * outputs
    case .dropout(let p):
      row.kind = "dropout"
      row.details = "p=\(p.compact)"
    case .flatten:
      row.kind = "flatten"
      row.details = "\(s.sampleDescription) → \(s.perSample)"
    case .rbf(let classes):
      row.kind = "rbf"
      row.details = "\(s.perSample) → \(classes) Euclidean"
      row.fixedValues = classes * s.perSample
      row.derivation = "0 (\(classes)×\(s.perSample) fixed ±1 prototypes)"
      row.macs = classes * s.perSample
    }
    row.output = [out.c, out.h, out.w]
    row.activationBytes = out.perSample * 4
    return (row, out)
  }
}

extension Float {
  /// Shortest readable form: 2, 0.75, 1e-4.
  public var compact: String {
    if self == rounded() && abs(self) < 1e6 { return String(Int(self)) }
    if abs(self) < 1e-3 {
      // Float(1e-4) is a hair below 10⁻⁴, so nudge before flooring or it prints "10e-5".
      let e = Int((log10(Double(abs(self))) + 1e-6).rounded(.down))
      let m = Double(self) / pow(10, Double(e))
      if abs(m - m.rounded()) < 1e-6 { return "\(Int(m.rounded()))e\(e)" }
    }
    return "\(self)"
  }
}
