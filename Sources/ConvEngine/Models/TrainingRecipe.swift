/// The settings convscope uses to train a model when the user gives none, and that made
/// the shipped weights (README, "Shipped weights").
public enum TrainingRecipe {
  public static func defaults(for spec: ModelSpec) -> TrainingConfig {
    var c = TrainingConfig()
    c.batchSize = 64
    c.momentum = 0.9
    c.seed = 1
    switch spec.name {
    case "lenet5":
      c.learningRate = 0.005
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
