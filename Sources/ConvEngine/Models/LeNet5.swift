/// LeNet-5 in its 1998 form and in the common modern form.
public enum LeNet5 {
  /// LeCun, Bottou, Bengio & Haffner 1998: scaled tanh, C3 as Table I, trainable
  /// sub-sampling, Euclidean RBF output with fixed ±1 7×12 prototypes. 60,000 parameters.
  public static let classic = ModelSpec(
    name: "lenet5",
    title: "LeNet-5 (LeCun et al. 1998)",
    input: Shape(n: 1, c: 1, h: 32, w: 32),
    layers: [
      LayerSpec("C1", .conv(ConvSpec(outChannels: 6, kernel: 5)), activation: .scaledTanh),
      LayerSpec("S2", .subsample(window: 2), activation: .scaledTanh),
      LayerSpec("C3", .conv(ConvSpec(outChannels: 16, kernel: 5, table: .leNet5C3)), activation: .scaledTanh),
      LayerSpec("S4", .subsample(window: 2), activation: .scaledTanh),
      LayerSpec("C5", .conv(ConvSpec(outChannels: 120, kernel: 5)), activation: .scaledTanh),
      LayerSpec("F6", .fc(outputs: 84), activation: .scaledTanh),
      LayerSpec("output", .rbf(classes: 10)),
    ],
    head: .rbf(j: 5),
    classes: 10,
    preprocessing: .leNetPad32,
    defaultInit: .lecun,
    notes: [
      "MNIST's 28×28 digits are padded (not scaled) to 32×32; background −0.1, ink 1.175.",
      "C3 reads only the S2 maps of Table I: 60 kernels of 5×5, not 16×6 = 96.",
      "S2/S4 multiply the sum of each 2×2 block by a trainable coefficient and add a bias.",
      "C5 is a convolution: its maps are 1×1 only because S4's maps are 5×5.",
      "output: 10 Euclidean RBF units, y_i = Σ_j (x_j − w_ij)², with fixed ±1 7×12 bitmaps (84 = 7×12).",
    ])

  /// The variant most tutorials teach: ReLU, max pooling, C3 fully connected to S2,
  /// 10-way softmax output. 61,706 parameters.
  public static let modern = ModelSpec(
    name: "lenet5-modern",
    title: "LeNet-5, modern variant (ReLU, max pooling, full C3, softmax)",
    input: Shape(n: 1, c: 1, h: 32, w: 32),
    layers: [
      LayerSpec("C1", .conv(ConvSpec(outChannels: 6, kernel: 5)), activation: .relu),
      LayerSpec("S2", .pool(.max, size: 2, stride: 2)),
      LayerSpec("C3", .conv(ConvSpec(outChannels: 16, kernel: 5)), activation: .relu),
      LayerSpec("S4", .pool(.max, size: 2, stride: 2)),
      LayerSpec("C5", .conv(ConvSpec(outChannels: 120, kernel: 5)), activation: .relu),
      LayerSpec("F6", .fc(outputs: 84), activation: .relu),
      LayerSpec("output", .fc(outputs: 10)),
    ],
    head: .softmax,
    classes: 10,
    preprocessing: .leNetPad32,
    defaultInit: .he,
    notes: [
      "Same 32×32 input as the classic net (d2l's padding=2 on 28×28 is equivalent).",
      "C3 sees all 6 S2 maps (16×6 kernels); pooling has no parameters; output is a 10-way linear layer + softmax.",
    ])
}
