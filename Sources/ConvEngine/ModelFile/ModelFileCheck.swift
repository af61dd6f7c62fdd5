/// Checks a parsed model file's shapes layer by layer with the engine's own shape rule
/// (`ModelSpec.row`, the one the summary and `Network` use), and turns a layer that does not
/// fit into a message a beginner can act on: the file and line, the layer, its input shape,
/// the arithmetic that fails and the nearest change that works ("padding 2 keeps 28×28").
enum ModelFileCheck {
  /// Totals past which a model is refused before anything is allocated: four times AlexNet's
  /// 61 M parameters, and 1 GB of activations per image.
  static let maxParameters = 250_000_000
  static let maxActivationBytes = 1 << 30

  static func check(_ parsed: ParsedModelFile, source: String) throws {
    let spec = parsed.spec
    var shape = spec.input
    var parameters = 0
    var activationBytes = 0
    for (layer, line) in zip(spec.layers, parsed.layerLines) {
      let at = Position(source: source, line: line)
      let row: ShapeRow, next: Shape
      do {
        (row, next) = try ModelSpec.row(for: layer, input: shape, model: spec.name)
      } catch let error as EngineError {
        let hint = Self.hint(for: layer, input: shape).map { "; \($0)" } ?? ""
        throw at.error("\(error.problem) (its input is \(Self.text(shape)))\(hint)")
      }
      if case .rbf(let classes) = layer.kind,
         shape.perSample != Prototypes.width * Prototypes.height || classes > Prototypes.digits.count {
        throw at.error("layer \(layer.name): rbf compares its \(shape.perSample) inputs with the fixed 7×12 digit bitmaps, "
          + "so it needs 84 inputs (an fc 84 before it) and at most 10 classes; for other sizes end with fc and softmax")
      }
      parameters += row.parameters
      activationBytes += row.activationBytes
      guard parameters <= maxParameters else {
        throw at.error("layer \(layer.name) brings the model to \(parameters.grouped) parameters, over the limit of \(maxParameters.grouped)")
      }
      guard activationBytes <= maxActivationBytes else {
        throw at.error("layer \(layer.name) brings the activations to \(activationBytes.grouped) bytes per image, over the limit of 1 GB")
      }
      shape = next
    }
  }

  /// The nearest change that makes `layer` fit `s`, in words; nil when there is none to offer.
  static func hint(for layer: LayerSpec, input s: Shape) -> String? {
    let side = min(s.h, s.w)
    switch layer.kind {
    case .conv(let c):
      if let t = c.table, t.inputs != s.c || t.outputs != c.outChannels {
        return "table=lenet5-c3 connects 6 input maps to 16 (LeNet-5's C3 after S2)"
      }
      if c.table == nil, c.groups > 1, s.c % c.groups != 0 || c.outChannels % c.groups != 0 {
        let fits = (1...min(s.c, c.outChannels)).filter { s.c % $0 == 0 && c.outChannels % $0 == 0 }
        return "groups must divide both \(s.c) and \(c.outChannels): \(fits.map(String.init).joined(separator: ", "))"
      }
      // (side + 2p − k)/s + 1 ≥ 1 needs side + 2p ≥ k.
      if side + 2 * c.padding < c.kernel {
        let arithmetic = "\(side) + 2·\(c.padding) − \(c.kernel) = \(side + 2 * c.padding - c.kernel) < 0"
        let padding = (c.kernel - side + 1) / 2
        var fixes = ["kernel=\(side) fits without padding", "padding=\(padding) fits"]
        if c.kernel % 2 == 1, c.stride == 1 {
          fixes.append("padding=\((c.kernel - 1) / 2) keeps \(s.h)×\(s.w)")
        }
        return "\(arithmetic); \(fixes.joined(separator: ", "))"
      }
      return nil
    case .subsample(let window):
      guard s.h % window != 0 || s.w % window != 0 else { return nil }
      let fits = (1...max(1, min(side, 8))).filter { s.h % $0 == 0 && s.w % $0 == 0 }
      return "\(s.h) mod \(window) = \(s.h % window); windows that divide \(s.h)×\(s.w): \(fits.map(String.init).joined(separator: ", ")) (or maxpool, which drops the rest)"
    case .pool(_, let size, _):
      guard size > side else { return nil }
      return "the window must be at most \(side) (the input's side)"
    default:
      return nil
    }
  }

  static func text(_ s: Shape) -> String {
    s.h == 1 && s.w == 1 ? "\(s.c)" : "\(s.c)×\(s.h)×\(s.w)"
  }
}
