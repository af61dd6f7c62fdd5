/// The settings convscope uses to train a model when the user gives none, and that made
/// the shipped weights (README, "Shipped weights").
public enum TrainingRecipe {
  /// Inputs at least this many pixels a side make an AlexNet "full size" (the paper's 224
  /// and Caffe's 227; the small live AlexNet uses 67), which gets a lower learning rate.
  public static let fullSizeInput = 160

  public static func defaults(for spec: ModelSpec) -> TrainingConfig {
    var c = TrainingConfig()
    c.batchSize = 64
    c.momentum = 0.9
    c.seed = 1
    switch spec.family {
    case "alexnet", "alexnet-ungrouped", "alexnet-torchvision":
      // The paper's momentum and weight decay [K12 §5]. Its N(0, 0.01) start with learning
      // rate 0.01 sits at chance for a long time on a small net (measured: still 11% after a
      // full MNIST epoch), so the recipe starts from He initialisation at a lower rate;
      // `--initialization alexnet --lr 0.01` gives the paper's settings.
      c.batchSize = 64
      c.learningRate = 0.005
      c.weightDecay = 5e-4
      c.schedule = .cosine
      c.epochs = 1
      c.initScheme = .he
      if spec.input.h >= fullSizeInput {
        // The full-size net (224/227 px) is far more fragile at the same rate: 55×55 maps and a
        // 9,216-input fc6 make its gradients and curvature larger. Measured on MNIST at 227 px
        // (batch 64, momentum 0.9, first steps at a constant rate; README "train"): at 0.005 the
        // loss went 23 → 87 → 92 in three steps and stayed above 40 with accuracy below
        // chance; at 0.001, 18.8 → 28.2 at step 2; at 0.0005 it peaked at 23.1 (step 3), then
        // fell to 9.0 by step 11. The paper's N(0, 0.01) start rose from 3.1 to 27.0 (lr 0.01)
        // and 18.4 (lr 0.005) within eight steps. So 0.0005.
        c.learningRate = 0.0005
        // And it starts from He weights with biases and fc8 at 0 (`InitScheme.heZero`): with
        // the paper's biases of 1 under He weights the first loss was 20.7, not ln 10 = 2.3.
        c.initScheme = .heZero
      }
    case "lenet5":
      c.learningRate = 0.003
      c.weightDecay = 0
      c.schedule = .cosine
      c.epochs = 20
    default:
      c.learningRate = 0.05
      c.weightDecay = 5e-4
      c.schedule = .cosine
      c.epochs = 20
    }
    return c
  }
}
