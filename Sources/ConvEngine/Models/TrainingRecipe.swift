/// The settings convscope uses to train a model when the user gives none, and that made
/// the shipped weights (README, "Shipped weights").
public enum TrainingRecipe {
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
