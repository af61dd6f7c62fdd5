import Testing

@testable import ConvEngine

/// The recipes `convscope train` and the Train screen start from.
@Suite struct TrainingRecipeTests {
  /// The full-size AlexNet (227 px) gets the rate measured not to blow up on MNIST (see the
  /// recipe's comment); the small live AlexNet keeps the rate its shipped weights were
  /// trained with. (A run that shows divergence costs minutes at 227 px here, and a narrower
  /// net at 227 px does not diverge even at the old rate: measured at width 0.125, 15.5 →
  /// 5.6 in six steps. So this test pins the values; the measurement is in README.)
  @Test func theFullSizeAlexNetStartsAtTheMeasuredRate() {
    let full = TrainingRecipe.defaults(for: AlexNet.spec(.original, classes: 10))
    #expect(full.learningRate == 0.0005)
    #expect(full.initScheme == .he && full.momentum == 0.9 && full.batchSize == 64 && full.weightDecay == 5e-4)
    let torchvision = TrainingRecipe.defaults(for: AlexNet.spec(.torchvision, classes: 10))
    #expect(torchvision.learningRate == 0.0005)
    let small = TrainingRecipe.defaults(for: AlexNet.spec(.original, width: 0.25, inputSize: 67, classes: 10))
    #expect(small.learningRate == 0.005)
    #expect(TrainingRecipe.defaults(for: AlexNet.spec(.original, inputSize: 159, classes: 10)).learningRate == 0.005)
  }
}
