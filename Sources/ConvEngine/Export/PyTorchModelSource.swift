/// The `model.py` that `convscope export pytorch` writes: a model as a readable PyTorch
/// `nn.Module` that computes what the engine computes, layer for layer.
///
/// Standard layers become their `torch.nn` class (`nn.Conv2d` keeps the engine's weight
/// layout [out, in/groups, kh, kw], `nn.Linear` its [out, in]). What PyTorch does not have is
/// written out as a small module next to the model, so a reader sees the formula: LeNet-5's
/// connection table, its sub-sampling, its scaled tanh and RBF output, and the AlexNet
/// paper's LRN (whose α is not divided by the window, unlike `nn.LocalResponseNorm`'s).
public struct PyTorchModelSource: Sendable {
  public let spec: ModelSpec
  /// The Python class name (`Lenet5`, `Alexnet`, `MyLenet`).
  public let className: String
  /// Each layer's attribute name; its parameters are `<attribute>.weight` etc. in the state dict.
  public let names: PythonNames

  public init(spec: ModelSpec) {
    self.spec = spec
    className = Self.className(for: spec.family)
    names = PythonNames(layers: spec.layers.map(\.name), taken: Set(Self.activationAttributes.values))
  }

  /// The module attribute each activation is applied through (one instance shared by the layers).
  static let activationAttributes: [Activation: String] = [
    .relu: "relu", .tanh: "tanh", .scaledTanh: "scaled_tanh", .sigmoid: "sigmoid",
  ]

  /// `my-lenet` → `MyLenet`, `lenet5` → `Lenet5`: the words of the name, capitalised.
  static func className(for name: String) -> String {
    let words = PythonNames.identifier(from: name).split(separator: "_")
    let joined = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    return joined.isEmpty || joined.first!.isNumber || PythonNames.reserved.contains(joined) ? "Net" + joined : joined
  }

  /// The whole file.
  public func text(exportCommand: String) throws -> String {
    let shapes = try spec.layerShapes()
    var out: [String] = []
    out.append(header(exportCommand: exportCommand))
    out.append("import json\nimport sys\n\nimport torch\nimport torch.nn.functional as F\nfrom torch import nn")
    out.append(contentsOf: helpers())
    out.append(modelClass(shapes: shapes))
    out.append(Self.reader)
    // PEP 8: two blank lines around top-level definitions.
    return out.joined(separator: "\n\n\n") + "\n"
  }

  // MARK: - Pieces

  private func header(exportCommand: String) -> String {
    let input = "[N, \(spec.input.c), \(spec.input.h), \(spec.input.w)]"
    let prep: String
    switch spec.preprocessing {
    case .leNetPad32:
      prep = "lenet-pad32: 28x28 digits padded to 32x32, background -0.1, full ink 1.175"
    case .imageNet:
      prep = "imagenet: RGB in [0, 1] resized to \(spec.input.h)x\(spec.input.w), minus the ImageNet mean\n"
        + "        (0.485, 0.456, 0.406), over its std (0.229, 0.224, 0.225); greyscale digits are\n"
        + "        copied into all three channels"
    }
    let output: String
    switch spec.head {
    case .softmax: output = "[N, \(spec.classes)] logits (torch.softmax(logits, 1) gives the probabilities)"
    case .rbf: output = "[N, \(spec.classes)] RBF penalties y_i = sum_j (x_j - w_ij)^2: the smallest wins"
    }
    var lines = [
      "\"\"\"\(pythonText(spec.title)), exported from convscope.",
      "",
      "    \(pythonText(exportCommand))",
      "",
      "Input:  \(input) float32, prepared as convscope prepares it",
      "        (\(prep)).",
      "Output: \(output).",
      "",
      "The layer names are convscope's, so the keys of \(className)().state_dict() are the",
      "tensor names in weights.safetensors (<layer>.weight, <layer>.bias\(hasRBF ? ", <layer>.prototypes" : "")):",
      "",
      "    from model import \(className), read_safetensors",
      "    net = \(className)()",
      "    net.load_state_dict(read_safetensors(\"weights.safetensors\")[0])",
      "    net.eval()",
    ]
    let renamed = names.renamed
    if !renamed.isEmpty {
      lines.append("")
      lines.append("Renamed for Python (a name with - . @, a leading digit, or one Python or nn.Module uses):")
      for r in renamed { lines.append("    \(pythonText(r.layer)) -> \(r.attribute)") }
    }
    lines.append("\"\"\"")
    return lines.joined(separator: "\n")
  }

  private var hasRBF: Bool { spec.layers.contains { if case .rbf = $0.kind { true } else { false } } }

  /// The small modules this model needs, each once.
  private func helpers() -> [String] {
    var kinds: Set<String> = []
    var tables: [(constant: String, table: ConnectionTable, layer: String)] = []
    for (i, layer) in spec.layers.enumerated() {
      if layer.activation == .scaledTanh && layer.kind.appliesActivation { kinds.insert("scaledTanh") }
      switch layer.kind {
      case .conv(let c):
        if let table = c.table, !tables.contains(where: { $0.table == table }) {
          let constant = table == .leNet5C3 ? "LENET5_C3" : names.attributes[i].uppercased() + "_TABLE"
          tables.append((constant, table, layer.name))
          kinds.insert("table")
        }
      case .subsample: kinds.insert("subsample")
      case .lrn: kinds.insert("lrn")
      case .rbf: kinds.insert("rbf")
      default: break
      }
    }
    var out: [String] = []
    for t in tables {
      let about = t.table == .leNet5C3
        ? "# Table I of LeCun et al. 1998: the S2 maps each C3 map reads (\(t.table.connectionCount) of the \(t.table.outputs * t.table.inputs) kernels exist)."
        : "# The input maps each \(pythonText(t.layer)) map reads."
      let rows = (0..<t.table.outputs).map { "    \(t.table.inputs(of: $0)),  # map \($0)" }
      out.append(([about, "\(t.constant) = ["] + rows + ["]"]).joined(separator: "\n"))
    }
    if kinds.contains("scaledTanh") { out.append(Self.scaledTanh) }
    if kinds.contains("table") { out.append(Self.tableConv) }
    if kinds.contains("subsample") { out.append(Self.subsampling) }
    if kinds.contains("lrn") { out.append(Self.crossMapLRN) }
    if kinds.contains("rbf") { out.append(Self.euclideanRBF) }
    return out
  }

  private func modelClass(shapes: [Shape]) -> String {
    let parameters = (try? spec.shapeTable().totalParameters) ?? 0
    var lines = [
      "class \(className)(nn.Module):",
      "    \"\"\"\(pythonText(spec.title)): \(spec.layers.count) layers, \(NumberFormat.grouped(parameters)) trainable parameters.\"\"\"",
      "",
      "    def __init__(self):",
      "        super().__init__()",
    ]
    var shape = spec.input
    var used: [Activation] = []
    for (i, layer) in spec.layers.enumerated() {
      lines.append("        self.\(names.attributes[i]) = \(constructor(layer, input: shape))")
      if layer.kind.appliesActivation, layer.activation != .identity, !used.contains(layer.activation) {
        used.append(layer.activation)
      }
      shape = shapes[i]
    }
    for a in used {
      let name = Self.activationAttributes[a]!
      let made: String
      switch a {
      case .relu: made = "nn.ReLU()"
      case .tanh: made = "nn.Tanh()"
      case .sigmoid: made = "nn.Sigmoid()"
      case .scaledTanh: made = "ScaledTanh()"
      case .identity: continue
      }
      lines.append("        self.\(name) = \(made)")
    }
    lines.append("")
    lines.append("    def forward(self, x):  # x: \(Self.shapeText(spec.input, flat: false))")
    shape = spec.input
    var flat = false
    for (i, layer) in spec.layers.enumerated() {
      let attribute = "self.\(names.attributes[i])"
      let next = shapes[i]
      var argument = "x"
      switch layer.kind {
      case .conv, .subsample, .pool, .adaptiveAvgPool, .lrn:
        // Only after an fc or flatten layer: the engine sees C×1×1 maps where PyTorch has a vector.
        if flat { lines.append("        x = x.reshape(x.shape[0], \(shape.c), \(shape.h), \(shape.w))") }
        flat = false
      case .fc, .rbf:
        if !flat { argument = "torch.flatten(x, 1)" }
        flat = true
      case .flatten:
        flat = true
      case .dropout:
        break
      }
      var call = "\(attribute)(\(argument))"
      if layer.kind.appliesActivation, let a = Self.activationAttributes[layer.activation] {
        call = "self.\(a)(\(call))"
      }
      lines.append("        x = \(call)  # \(pythonText(layer.name)): \(Self.shapeText(next, flat: flat))")
      shape = next
    }
    lines.append("        return x")
    return lines.joined(separator: "\n")
  }

  /// The `torch.nn` (or helper) module for one layer reading a per-sample `input`.
  private func constructor(_ layer: LayerSpec, input: Shape) -> String {
    switch layer.kind {
    case .conv(let c):
      var args = ["\(input.c)", "\(c.outChannels)", "kernel_size=\(c.kernel)"]
      if c.stride != 1 { args.append("stride=\(c.stride)") }
      if c.padding != 0 { args.append("padding=\(c.padding)") }
      if c.groups != 1 { args.append("groups=\(c.groups)") }
      if let table = c.table {
        let constant = table == .leNet5C3 ? "LENET5_C3" : (helperTableConstant(for: table) ?? "None")
        return "TableConv2d(\(args.joined(separator: ", ")), table=\(constant))"
      }
      return "nn.Conv2d(\(args.joined(separator: ", ")))"
    case .subsample(let window):
      return "Subsampling(\(input.c), window=\(window))"
    case .pool(let kind, let size, let stride):
      let cls = kind == .max ? "nn.MaxPool2d" : "nn.AvgPool2d"
      return "\(cls)(\(size), stride=\(stride))"
    case .adaptiveAvgPool(let oh, let ow):
      return "nn.AdaptiveAvgPool2d((\(oh), \(ow)))"
    case .lrn(let size, let alpha, let beta, let k):
      return "CrossMapLRN(size=\(size), alpha=\(alpha), beta=\(beta), k=\(k))"
    case .fc(let outputs):
      return "nn.Linear(\(input.perSample), \(outputs))"
    case .dropout(let p):
      return "nn.Dropout(\(p))"
    case .flatten:
      return "nn.Flatten()"
    case .rbf(let classes):
      return "EuclideanRBF(\(input.perSample), \(classes))"
    }
  }

  /// The constant a table other than LeNet-5's C3 is written under (named after its first layer).
  private func helperTableConstant(for table: ConnectionTable) -> String? {
    for (i, layer) in spec.layers.enumerated() {
      if case .conv(let c) = layer.kind, c.table == table { return names.attributes[i].uppercased() + "_TABLE" }
    }
    return nil
  }

  static func shapeText(_ s: Shape, flat: Bool) -> String {
    flat ? "[N, \(s.perSample)]" : "[N, \(s.c), \(s.h), \(s.w)]"
  }

  /// Text from a file (a title, a layer name) made safe inside a Python string or comment.
  private func pythonText(_ text: String) -> String {
    String(text.printableOnOneLine.map { $0 == "\\" || $0 == "\"" ? "'" : $0 })
  }
}

extension LayerKind {
  /// Whether the engine applies the layer's activation (convolution, sub-sampling and fully
  /// connected layers fuse one; the others pass values through their own formula only).
  public var appliesActivation: Bool {
    switch self {
    case .conv, .subsample, .fc: return true
    default: return false
    }
  }
}
