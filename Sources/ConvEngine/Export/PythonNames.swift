/// Python names for a model's layers, for the `nn.Module` that `export pytorch` writes.
///
/// A convscope layer name may hold `-`, `.`, `@` or start with a digit (`conv-1`, `1x1`), and
/// may be a word Python or `nn.Module` already uses (`pass`, `eval`, `forward`). PyTorch keys
/// a module's weights by its attribute names (`<attribute>.weight`), and an attribute with a
/// `.` cannot exist, so such a layer gets the nearest name that works; every other layer keeps
/// its own, and then the state-dict keys are exactly convscope's safetensors keys.
public struct PythonNames: Sendable {
  /// The attribute name of each layer, in layer order.
  public let attributes: [String]
  /// The layers whose attribute differs from their convscope name: (convscope, Python).
  public var renamed: [(layer: String, attribute: String)] {
    zip(layerNames, attributes).filter { $0 != $1 }.map { (layer: $0, attribute: $1) }
  }
  private let layerNames: [String]

  /// Names for `layers`; `taken` are attributes the module sets itself (its activations).
  public init(layers: [String], taken: Set<String>) {
    var used = taken
    var out: [String] = []
    for name in layers {
      var base = Self.identifier(from: name)
      if Self.reserved.contains(base) || used.contains(base) { base += "_" }
      var candidate = base
      var n = 2
      while used.contains(candidate) || Self.reserved.contains(candidate) {
        candidate = base + "\(n)"
        n += 1
      }
      used.insert(candidate)
      out.append(candidate)
    }
    attributes = out
    layerNames = layers
  }

  /// `text` with every character outside [A-Za-z0-9_] replaced by `_`, and `layer_` before a
  /// leading digit (ASCII only: keys stay plain in every editor and shell).
  public static func identifier(from text: String) -> String {
    var s = String(text.unicodeScalars.map { scalar -> Character in
      let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
      return ok ? Character(scalar) : "_"
    })
    if s.isEmpty || s.first!.isNumber { s = "layer_" + s }
    return s
  }

  /// Python keywords and the `nn.Module` members an attribute must not hide (assigning a
  /// module to `self.eval` would fail, or shadow the method).
  static let reserved: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile", "cpu", "cuda", "double",
    "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state", "get_parameter",
    "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers", "named_children",
    "named_modules", "named_parameters", "parameters", "register_backward_hook", "register_buffer",
    "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
    "register_full_backward_pre_hook", "register_load_state_dict_post_hook", "register_module",
    "register_parameter", "register_state_dict_pre_hook", "requires_grad_", "set_extra_state", "share_memory",
    "state_dict", "to", "to_empty", "train", "training", "type", "xpu", "zero_grad",
  ]
}
