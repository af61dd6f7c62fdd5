/// AlexNet in the paper's form (two-GPU groups), ungrouped, and torchvision's layout, plus a
/// width multiplier and input size for a net small enough to train live on a CPU.
public enum AlexNet {
  /// The paper's layer layouts.
  public enum Variant: String, Sendable, CaseIterable {
    /// Krizhevsky et al. 2012: conv2, conv4, conv5 split into 2 groups (one per GPU). 60,965,224 parameters.
    case original = "alexnet"
    /// The same widths on one device: every conv sees all input maps. 62,378,344 parameters.
    case ungrouped = "alexnet-ungrouped"
    /// torchvision's `alexnet` ("One weird trick" widths 64-192-384-256-256, no LRN). 61,100,840 parameters.
    case torchvision = "alexnet-torchvision"

    /// The input side when none is given: 227 for the paper's layouts (the size its 55×55
    /// conv1 maps need), 224 for torchvision's (which pads conv1 instead).
    public var defaultInputSize: Int { self == .torchvision ? 224 : 227 }
  }

  /// LRN constants chosen in the paper on a validation set [K12 §3.3].
  public static let lrn = LayerKind.lrn(size: 5, alpha: 1e-4, beta: 0.75, k: 2)

  /// The model for `variant`, with channel widths × `width` and an input of `inputSize` pixels
  /// (227 for the paper's layout, 224 for torchvision's by default).
  public static func spec(_ variant: Variant, width: Double = 1, inputSize: Int? = nil, classes: Int = 1000) -> ModelSpec {
    let size = inputSize ?? variant.defaultInputSize
    // Grouped layers need channel counts divisible by the 2 groups.
    func ch(_ n: Int, even: Bool = false) -> Int {
      let scaled = max(1, Int((Double(n) * width).rounded()))
      return even ? max(2, scaled + scaled % 2) : scaled
    }
    let g = variant == .original ? 2 : 1
    var layers: [LayerSpec]
    var name = variant.rawValue
    var notes: [String]
    switch variant {
    case .original, .ungrouped:
      layers = [
        LayerSpec("conv1", .conv(ConvSpec(outChannels: ch(96, even: g == 2), kernel: 11, stride: 4)), activation: .relu),
        LayerSpec("lrn1", lrn),
        LayerSpec("pool1", .pool(.max, size: 3, stride: 2)),
        LayerSpec("conv2", .conv(ConvSpec(outChannels: ch(256, even: g == 2), kernel: 5, padding: 2, groups: g)),
                  activation: .relu, initialBias: 1),
        LayerSpec("lrn2", lrn),
        LayerSpec("pool2", .pool(.max, size: 3, stride: 2)),
        LayerSpec("conv3", .conv(ConvSpec(outChannels: ch(384, even: g == 2), kernel: 3, padding: 1)), activation: .relu),
        LayerSpec("conv4", .conv(ConvSpec(outChannels: ch(384, even: g == 2), kernel: 3, padding: 1, groups: g)),
                  activation: .relu, initialBias: 1),
        LayerSpec("conv5", .conv(ConvSpec(outChannels: ch(256, even: g == 2), kernel: 3, padding: 1, groups: g)),
                  activation: .relu, initialBias: 1),
        LayerSpec("pool5", .pool(.max, size: 3, stride: 2)),
        LayerSpec("flatten", .flatten),
        LayerSpec("fc6", .fc(outputs: ch(4096)), activation: .relu, initialBias: 1),
        LayerSpec("drop6", .dropout(p: 0.5)),
        LayerSpec("fc7", .fc(outputs: ch(4096)), activation: .relu, initialBias: 1),
        LayerSpec("drop7", .dropout(p: 0.5)),
        LayerSpec("fc8", .fc(outputs: classes)),
      ]
      notes = [
        "The paper says 224×224 inputs, but (224 − 11)/4 + 1 = 54.25: the 55×55 conv1 maps need 227 with the usual floor rule "
          + "(Caffe crops 227). A plausible reconciliation, not stated in the paper: Krizhevsky's cuda-convnet rounds up, "
          + "1 + ⌈(224 − 11)/4⌉ = 55, letting the last window overhang the edge; torchvision instead keeps 224 and pads conv1 by 2.",
        "Order in the first two blocks: conv → ReLU → LRN → overlapping 3×3/2 max-pool.",
        "The paper puts a ReLU after every conv and FC layer; fc8 has none here, as in every implementation: its outputs go "
          + "straight into the softmax.",
        "LRN: b = a / (2 + 1e-4·Σ a²)^0.75 over 5 adjacent maps (α not divided by n).",
      ]
      if variant == .original {
        notes.insert("groups 2 = the two GTX 580 GPUs: conv2, conv4 and conv5 see only the maps on their own GPU; "
          + "conv3 and the FC layers see both.", at: 0)
      }
    case .torchvision:
      layers = [
        LayerSpec("conv1", .conv(ConvSpec(outChannels: ch(64), kernel: 11, stride: 4, padding: 2)), activation: .relu),
        LayerSpec("pool1", .pool(.max, size: 3, stride: 2)),
        LayerSpec("conv2", .conv(ConvSpec(outChannels: ch(192), kernel: 5, padding: 2)), activation: .relu),
        LayerSpec("pool2", .pool(.max, size: 3, stride: 2)),
        LayerSpec("conv3", .conv(ConvSpec(outChannels: ch(384), kernel: 3, padding: 1)), activation: .relu),
        LayerSpec("conv4", .conv(ConvSpec(outChannels: ch(256), kernel: 3, padding: 1)), activation: .relu),
        LayerSpec("conv5", .conv(ConvSpec(outChannels: ch(256), kernel: 3, padding: 1)), activation: .relu),
        LayerSpec("pool5", .pool(.max, size: 3, stride: 2)),
        LayerSpec("avgpool", .adaptiveAvgPool(outH: 6, outW: 6)),
        LayerSpec("flatten", .flatten),
        LayerSpec("drop6", .dropout(p: 0.5)),
        LayerSpec("fc6", .fc(outputs: ch(4096)), activation: .relu),
        LayerSpec("drop7", .dropout(p: 0.5)),
        LayerSpec("fc7", .fc(outputs: ch(4096)), activation: .relu),
        LayerSpec("fc8", .fc(outputs: classes)),
      ]
      notes = [
        "torchvision's layout is based on Krizhevsky's 2014 \"One weird trick\" paper: no LRN, no groups, conv1 padded by 2 "
          + "so a 224 input gives 55×55, an adaptive average pool to 6×6 before fc6. Its widths 64-192-384-256-256 differ "
          + "from that paper's 64-192-384-384-256 in conv4, kept so its published weights stay valid.",
        "Its dropout sits before fc6 and fc7 (the paper's after them).",
      ]
    }
    if width != 1 { name += "@\(width)" }
    if size != variant.defaultInputSize { name += "-\(size)px" }
    let title: String
    switch variant {
    case .original: title = "AlexNet (Krizhevsky, Sutskever & Hinton 2012), two-GPU groups"
    case .ungrouped: title = "AlexNet, ungrouped (one device)"
    case .torchvision: title = "AlexNet, torchvision layout"
    }
    return ModelSpec(
      name: name, title: title + (width != 1 ? ", width ×\(width)" : ""),
      input: Shape(n: 1, c: 3, h: size, w: size), layers: layers, head: .softmax, classes: classes,
      preprocessing: .imageNet, defaultInit: .alexnet, notes: notes, family: variant.rawValue)
  }
}
