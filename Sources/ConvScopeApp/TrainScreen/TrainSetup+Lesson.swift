import ConvEngine

extension TrainSetup {
  /// The runs a lesson's train link asks for: one run, or two that differ in one choice (a
  /// preset), or the three transfer-learning arms. Each gets a label for the chart.
  public static func runs(for link: LessonTrain) -> [TrainSetup] {
    var base = TrainSetup(model: link.effectiveModel ?? ModelChoice(name: "lenet5"), dataset: link.dataset ?? .mnist)
    base.epochs = link.epochs
    base.learningRate = link.learningRate
    base.batchSize = link.batchSize
    base.limit = link.limit
    base.augment = link.augment
    base.activation = link.activation
    base.dropout = link.dropout
    base.initialization = link.initialization
    base.weights = link.weights
    base.freeze = link.freeze
    if let n = link.transfer {
      return TransferArm.allCases.map { arm in
        var s = base
        s.dataset = .fashionMNIST
        s.transfer = Transfer(examples: n, arm: arm)
        s.label = arm.title
        return s
      }
    }
    func variant(_ label: String, _ change: (inout TrainSetup) -> Void) -> TrainSetup {
      var s = base
      change(&s)
      s.label = label
      return s
    }
    switch link.preset {
    case nil:
      return [base]
    case .reluVsTanh:
      return [variant("ReLU") { $0.activation = .relu }, variant("tanh") { $0.activation = .tanh }]
    case .classicVsModern:
      return [variant("LeNet-5 (1998)") { $0.model = ModelChoice(name: "lenet5") },
              variant("LeNet-5 modern") { $0.model = ModelChoice(name: "lenet5-modern") }]
    case .dropoutVsNone:
      return [variant("with dropout") { _ in }, variant("no dropout") { $0.dropout = 0 }]
    case .augmentVsNone:
      return [variant("augmented") { $0.augment = $0.augment ?? ["crop", "flip"] }, variant("not augmented") { $0.augment = [] }]
    }
  }
}
