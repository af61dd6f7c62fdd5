import Foundation

/// One side of a design choice: what the model does, and where that statement comes from.
public struct DesignEntry: Sendable, Codable, Hashable {
  public var text: String
  /// nil when derived from the model definition by the engine; otherwise the paper and section
  /// the fact comes from (training-time choices a layer list cannot show).
  public var source: String?

  public init(_ text: String, source: String? = nil) {
    self.text = text
    self.source = source
  }

  /// Whether this is a fact quoted from a paper rather than read off the model definition.
  public var isPaperFact: Bool { source != nil }
}

/// A design aspect (activation, pooling, …) of both models side by side.
public struct DesignChoice: Sendable, Codable, Hashable {
  public var aspect: String
  public var left: DesignEntry
  public var right: DesignEntry

  public init(aspect: String, left: DesignEntry, right: DesignEntry) {
    self.aspect = aspect
    self.left = left
    self.right = right
  }

  /// The choices the engine reads off two model definitions, then the paper facts.
  static func all(left: ModelSpec, right: ModelSpec) -> [DesignChoice] {
    let derived: [(String, (ModelSpec) -> String)] = [
      ("input", DesignReading.input),
      ("activation", DesignReading.activation),
      ("pooling", DesignReading.pooling),
      ("normalisation", DesignReading.normalisation),
      ("regularisation in the network", DesignReading.regularisation),
      ("connectivity", DesignReading.connectivity),
      ("output", DesignReading.output),
    ]
    var choices = derived.map { aspect, read in
      DesignChoice(aspect: aspect, left: DesignEntry(read(left)), right: DesignEntry(read(right)))
    }
    for aspect in PaperFacts.aspects {
      choices.append(DesignChoice(aspect: aspect, left: PaperFacts.fact(aspect, family: left.family),
                                  right: PaperFacts.fact(aspect, family: right.family)))
    }
    return choices
  }
}

/// Reads design choices off a `ModelSpec`: every statement here comes from the layer list.
enum DesignReading {
  /// Layer names joined for a parenthesis: "(C1, C3, C5)".
  private static func names(_ layers: [LayerSpec]) -> String {
    "(" + layers.map(\.name).joined(separator: ", ") + ")"
  }

  /// Descriptions grouped in first-seen order, each with the layers it applies to.
  private static func grouped(_ spec: ModelSpec, _ describe: (LayerSpec) -> String?) -> [String] {
    var order: [String] = []
    var layers: [String: [LayerSpec]] = [:]
    for layer in spec.layers {
      guard let text = describe(layer) else { continue }
      if layers[text] == nil { order.append(text) }
      layers[text, default: []].append(layer)
    }
    return order.map { "\($0) \(names(layers[$0] ?? []))" }
  }

  static func input(_ spec: ModelSpec) -> String {
    let s = spec.input
    let colour = s.c == 1 ? "greyscale" : s.c == 3 ? "RGB" : "\(s.c) channels"
    switch spec.preprocessing {
    case .leNetPad32:
      return "\(s.c)×\(s.h)×\(s.w) \(colour); 28×28 digits padded (not scaled) to \(s.h)×\(s.w), background −0.1, ink 1.175"
    case .imageNet:
      // What InputSource and InputEncoder feed this model: torchvision's evaluation transform,
      // not the paper's (PaperFacts' "preprocessing" row says what the paper did).
      return "\(s.c)×\(s.h)×\(s.w) \(colour); a photo's shorter side resized to "
        + "\(ImagePreprocessing.shorterSide(forCrop: s.h)), centre crop; each channel's ImageNet mean removed and divided "
        + "by its deviation (torchvision's normalisation, not the paper's)"
    }
  }

  static func activation(_ spec: ModelSpec) -> String {
    let parts = grouped(spec) { $0.activation == .identity ? nil : "\($0.activation.rawValue), \($0.activation.formula)" }
    return parts.isEmpty ? "none (linear)" : parts.joined(separator: "; ")
  }

  static func pooling(_ spec: ModelSpec) -> String {
    let parts = grouped(spec) { layer in
      switch layer.kind {
      case .subsample(let w):
        return "trainable sub-sampling: sum of each \(w)×\(w) block × coefficient + bias, stride \(w), non-overlapping"
      case .pool(let kind, let size, let stride):
        let overlap = size > stride ? "overlapping" : "non-overlapping"
        return "\(kind == .max ? "max" : "average") \(size)×\(size) stride \(stride), \(overlap)"
      case .adaptiveAvgPool(let h, let w):
        return "adaptive average to \(h)×\(w)"
      default:
        return nil
      }
    }
    return parts.isEmpty ? "none" : parts.joined(separator: "; ")
  }

  static func normalisation(_ spec: ModelSpec) -> String {
    let parts = grouped(spec) { layer in
      guard case .lrn(let n, let alpha, let beta, let k) = layer.kind else { return nil }
      // %g rather than Float.compact, which prints 1e-4 as "10e-5".
      return "local response normalisation across \(n) maps, "
        + String(format: "k=%g α=%g β=%g", Double(k), Double(alpha), Double(beta))
    }
    return parts.isEmpty ? "none" : parts.joined(separator: "; ")
  }

  static func regularisation(_ spec: ModelSpec) -> String {
    let parts = grouped(spec) { layer in
      guard case .dropout(let p) = layer.kind else { return nil }
      return "dropout p=\(p.compact)"
    }
    return parts.isEmpty ? "none (no dropout layers)" : parts.joined(separator: "; ")
  }

  static func connectivity(_ spec: ModelSpec) -> String {
    var shape = spec.input
    var parts: [String] = []
    var grouped: [LayerSpec] = []
    var groups = 1
    let shapes = (try? spec.layerShapes()) ?? []
    for (index, layer) in spec.layers.enumerated() {
      if case .conv(let c) = layer.kind {
        if let t = c.table {
          parts.append("\(layer.name) reads a subset of the \(shape.c) input maps: \(t.connectionCount) of "
            + "\(c.outChannels * shape.c) kernels (connection table)")
        } else if c.groups > 1 {
          grouped.append(layer)
          groups = c.groups
        }
      }
      if index < shapes.count { shape = shapes[index] }
    }
    if !grouped.isEmpty {
      parts.append("grouped convolutions, \(groups) groups \(names(grouped)): each group sees only its own maps")
    }
    return parts.isEmpty ? "every convolution sees all of its input maps" : parts.joined(separator: "; ")
  }

  static func output(_ spec: ModelSpec) -> String {
    switch spec.head {
    case .softmax:
      return "\(spec.classes)-way softmax over linear scores, cross-entropy loss; largest wins"
    case .rbf(let j):
      return "\(spec.classes) Euclidean RBF units with fixed ±1 prototypes; smallest penalty wins; MAP loss with j = \(j.compact)"
    }
  }
}
