import ConvEngine

/// One forward pass as `ForwardPassOptions.run` left it.
struct ForwardPass {
  let network: Network
  /// The input batch, NCHW.
  let input: Tensor
  /// Class scores (logits, or RBF penalties for lenet5), N × classes.
  let scores: Tensor
  /// Per sample, every class's probability.
  let probabilities: [[Float]]
  let weightsPath: String?
  let classNames: [String]?
  /// The input as the user would name it ("mnist test #0").
  let description: String
  let milliseconds: Double
  let firstMilliseconds: Double

  var spec: ModelSpec { network.spec }
}
