import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// LeNet-5 vs AlexNet side by side: stage alignment, totals from the shape tables, computed
/// ratios, design choices read off the specs, and a tiny timing run.
@Suite struct ModelComparisonTests {
  static func defaultComparison() throws -> ModelComparison { try ModelComparison.named() }

  /// Layer names of one side, stage by stage, without the input pseudo-row.
  func names(_ c: ModelComparison, left: Bool) -> [String] {
    c.stages.filter { $0.role != .input }.flatMap { left ? $0.leftRows : $0.rightRows }.map(\.name)
  }

  @Test func stagesAreInputConvBlocksThenClassifierFromTheEnd() throws {
    let c = try Self.defaultComparison()
    #expect(c.stages.map(\.label) == ["input", "conv block 1", "conv block 2", "conv block 3", "conv block 4",
                                      "conv block 5", "hidden FC 1", "hidden FC 2", "output"])
    #expect(c.stages.map(\.role) == [.input] + Array(repeating: StageRole.features, count: 5)
      + Array(repeating: StageRole.classifier, count: 3))
    // Blocks 3–5 exist only in AlexNet.
    for stage in c.stages[3...5] { #expect(stage.leftRows.isEmpty && !stage.rightRows.isEmpty) }
  }

  @Test func layersOfTheSameRoleShareALine() throws {
    let c = try Self.defaultComparison()
    let block1 = c.stages[1].lines
    #expect(block1.map(\.role) == [.conv, .norm, .pool])
    #expect(block1.map { $0.left?.name } == ["C1", nil, "S2"])
    #expect(block1.map { $0.right?.name } == ["conv1", "lrn1", "pool1"])
    let block2 = c.stages[2].lines
    #expect(block2.map { $0.left?.name } == ["C3", nil, "S4"])
    #expect(block2.map { $0.right?.name } == ["conv2", "lrn2", "pool2"])
    // pool5 and flatten stay with conv5; each dropout with the FC layer before it.
    #expect(c.stages[5].rightRows.map(\.name) == ["conv5", "pool5", "flatten"])
    #expect(c.stages[6].lines.map { $0.left?.name } == ["C5", nil])
    #expect(c.stages[6].lines.map { $0.right?.name } == ["fc6", "drop6"])
    #expect(c.stages[6].lines.first?.role == .fc)
    #expect(c.stages[7].lines.first.map { [$0.left?.name, $0.right?.name] } == ["F6", "fc7"])
    #expect(c.stages[8].lines.first.map { [$0.left?.name, $0.right?.name] } == ["output", "fc8"])
  }

  @Test func c5IsAConvolutionInTheFirstFCRoleAndSaysSo() throws {
    let c = try Self.defaultComparison()
    #expect(c.stages[6].notes.count == 1)
    #expect(c.stages[6].notes.first?.hasPrefix("C5 is a convolution (5×5 kernels)") == true)
    #expect(c.stages[6].leftRows.first?.kind == "conv")
    #expect(c.alignmentRule.contains("from the output backwards"))
  }

  @Test func everyLayerAppearsOnceInModelOrder() throws {
    for (a, b) in [("lenet5", "alexnet"), ("lenet5-modern", "alexnet-torchvision"), ("alexnet", "lenet5"),
                   ("lenet5", "lenet5-modern"), ("alexnet", "alexnet-ungrouped")] {
      let c = try ModelComparison.named(a, b)
      #expect(names(c, left: true) == (try ModelCatalog.spec(named: a)).layers.map(\.name), "\(a) vs \(b)")
      #expect(names(c, left: false) == (try ModelCatalog.spec(named: b)).layers.map(\.name), "\(a) vs \(b)")
    }
  }

  @Test func torchvisionDropoutBeforeFC6StaysWithTheFeatures() throws {
    let c = try ModelComparison.named("lenet5-modern", "alexnet-torchvision")
    let fc1 = try #require(c.stages.first { $0.label == "hidden FC 1" })
    #expect(fc1.leftRows.map(\.name) == ["C5"])
    #expect(fc1.rightRows.map(\.name) == ["fc6", "drop7"])
    #expect(c.stages[5].rightRows.map(\.name) == ["conv5", "pool5", "avgpool", "flatten", "drop6"])
  }

  @Test func totalsEqualTheShapeTables() throws {
    let c = try Self.defaultComparison()
    let lenet = try ModelCatalog.spec(named: "lenet5").shapeTable(), alexnet = try ModelCatalog.spec(named: "alexnet").shapeTable()
    #expect(c.left.parameters == 60_000 && c.left.parameters == lenet.totalParameters)
    #expect(c.right.parameters == 60_965_224 && c.right.parameters == alexnet.totalParameters)
    #expect(c.left.macs == 326_520 && c.right.macs == 724_406_816)
    #expect(c.left.activationBytes == lenet.totalActivationBytes)
    #expect(c.right.activationBytes == alexnet.totalActivationBytes)
    #expect(c.left.fixedValues == 840)
    // The per-stage numbers add up to the totals (the input stage carries the input's memory).
    #expect(c.stages.reduce(0) { $0 + $1.parameters.left } == c.left.parameters)
    #expect(c.stages.reduce(0) { $0 + $1.parameters.right } == c.right.parameters)
    #expect(c.stages.reduce(0) { $0 + $1.macs.left } == c.left.macs)
    #expect(c.stages.reduce(0) { $0 + $1.macs.right } == c.right.macs)
    #expect(c.stages.reduce(0) { $0 + $1.activationBytes.left } == c.left.activationBytes)
    #expect(c.stages.reduce(0) { $0 + $1.activationBytes.right } == c.right.activationBytes)
    // 96.2% of AlexNet's parameters sit in fc6–fc8 (facts §2.3); LeNet-5's C5+F6 hold 97.1%.
    #expect(c.right.classifierParameters == 58_631_144)
    #expect(c.left.classifierParameters == 48_120 + 10_164)
    #expect(abs(c.right.classifierShare - 0.9617) < 0.0001)
  }

  @Test func ratiosAreComputedAndDependOnTheLeNetVariant() throws {
    let c = try Self.defaultComparison()
    #expect(abs(c.ratios.parameters - 60_965_224.0 / 60_000) < 1e-9)  // ≈ 1,016×
    #expect(abs(c.ratios.macs - 724_406_816.0 / 326_520) < 1e-9)  // ≈ 2,219× against the 1998 network
    #expect(Int(c.ratios.parameters.rounded()) == 1_016)
    #expect(Int(c.ratios.macs.rounded()) == 2_219)
    #expect(abs(c.ratios.activationBytes - Double(c.right.activationBytes) / Double(c.left.activationBytes)) < 1e-9)
    // The "≈1,700× the compute" figure is AlexNet against the modern LeNet-5 (416,520 MACs).
    #expect(c.variantRatios.count == 1)
    let modern = try #require(c.variantRatios.first)
    #expect(modern.variant == "lenet5-modern" && modern.replacesLeft)
    #expect(modern.macs == 416_520 && modern.parameters == 61_706)
    #expect(Int(modern.ratios.macs.rounded()) == 1_739)
    #expect(Int(modern.ratios.parameters.rounded()) == 988)
    // Two AlexNets: no LeNet variant to swap in.
    let alexnets = try ModelComparison.named("alexnet", "alexnet-ungrouped")
    #expect(alexnets.variantRatios.isEmpty)
    #expect(abs(alexnets.ratios.parameters - 62_378_344.0 / 60_965_224) < 1e-9)
  }

  @Test func layerCountsShowBothConventions() throws {
    let c = try Self.defaultComparison()
    #expect(c.left.layerCounts.weightLayers == 5 && c.left.layerCounts.withPoolingAndNormalisation == 7)
    #expect(c.right.layerCounts.weightLayers == 8 && c.right.layerCounts.withPoolingAndNormalisation == 13)
    #expect(c.left.layerCounts.convolution == 3 && c.left.layerCounts.fullyConnected == 2)
    #expect(c.right.layerCounts.dropout == 2 && c.right.layerCounts.normalisation == 2)
  }

  func choice(_ c: ModelComparison, _ aspect: String) throws -> DesignChoice {
    try #require(c.designChoices.first { $0.aspect == aspect })
  }

  @Test func designChoicesAreReadOffTheSpecs() throws {
    let c = try Self.defaultComparison()
    let activation = try choice(c, "activation")
    #expect(activation.left.text == "scaled-tanh, 1.7159·tanh(2a/3) (C1, S2, C3, S4, C5, F6)")
    #expect(activation.right.text == "relu, max(0, a) (conv1, conv2, conv3, conv4, conv5, fc6, fc7)")
    let pooling = try choice(c, "pooling")
    #expect(pooling.left.text.hasPrefix("trainable sub-sampling") && pooling.left.text.contains("non-overlapping (S2, S4)"))
    #expect(pooling.right.text == "max 3×3 stride 2, overlapping (pool1, pool2, pool5)")
    let norm = try choice(c, "normalisation")
    #expect(norm.left.text == "none")
    #expect(norm.right.text == "local response normalisation across 5 maps, k=2 α=0.0001 β=0.75 (lrn1, lrn2)")
    let dropout = try choice(c, "regularisation in the network")
    #expect(dropout.left.text.hasPrefix("none"))
    #expect(dropout.right.text == "dropout p=0.5 (drop6, drop7)")
    #expect(try choice(c, "connectivity").left.text.contains("60 of 96 kernels"))
    #expect(try choice(c, "connectivity").right.text.contains("(conv2, conv4, conv5)"))
    #expect(try choice(c, "input").left.text.hasPrefix("1×32×32 greyscale"))
    #expect(try choice(c, "input").right.text.hasPrefix("3×227×227 RGB"))
    // convscope's photo input is torchvision's transform (mean and deviation); the paper only
    // subtracts a mean image, and the comparison says so in its own, sourced row.
    #expect(try choice(c, "input").right.text.contains("shorter side resized to 256, centre crop"))
    #expect(try choice(c, "input").right.text.contains("not the paper's"))
    let paper = try choice(c, "preprocessing in the paper")
    #expect(paper.right.source?.hasPrefix("Krizhevsky et al. 2012, Sec. 2") == true)
    #expect(paper.right.text.contains("no division by a deviation"))
    #expect(paper.left.text.contains("padded with background to 32×32"))
    #expect(try choice(c, "output").left.text.contains("RBF"))
    // Everything above is derived; the training facts are labelled with their paper.
    for aspect in ["activation", "pooling", "normalisation", "regularisation in the network", "connectivity", "input", "output"] {
      let d = try choice(c, aspect)
      #expect(!d.left.isPaperFact && !d.right.isPaperFact, "\(aspect)")
    }
    let augmentation = try choice(c, "training-time augmentation")
    #expect(augmentation.left.source?.hasPrefix("LeCun et al. 1998") == true)
    #expect(augmentation.left.text.contains("540,000"))
    #expect(augmentation.right.source?.hasPrefix("Krizhevsky et al. 2012") == true)
    #expect(augmentation.right.text.contains("PCA"))
  }

  @Test func theModernLeNetReadsDifferently() throws {
    let c = try ModelComparison.named("lenet5-modern", "alexnet")
    #expect(try choice(c, "activation").left.text.hasPrefix("relu"))
    #expect(try choice(c, "pooling").left.text == "max 2×2 stride 2, non-overlapping (S2, S4)")
    #expect(try choice(c, "connectivity").left.text == "every convolution sees all of its input maps")
    #expect(try choice(c, "output").left.text.hasPrefix("10-way softmax"))
    #expect(try choice(c, "training-time augmentation").left.source?.contains("the 1998 network") == true)
    #expect(Int(c.ratios.macs.rounded()) == 1_739)
  }

  @Test func theComparisonRoundTripsThroughJSON() throws {
    let c = try Self.defaultComparison()
    let data = try JSONEncoder().encode(c)
    #expect(try JSONDecoder().decode(ModelComparison.self, from: data) == c)
  }

  @Test func unknownModelsAreRejected() throws {
    #expect(throws: EngineError.self) { try ModelComparison.named("lenet5", "lenet7") }
  }

  @Test func timingIsMeasuredByTheEngine() throws {
    // Two small models only: AlexNet's timing is too slow for a debug test run.
    var c = try ModelComparison.named("lenet5", "lenet5-modern")
    #expect(throws: EngineError.self) {
      try c.measureTiming(left: try ModelCatalog.spec(named: "lenet5-modern"), right: try ModelCatalog.spec(named: "lenet5"), options: TimingOptions())
    }
    try c.measureTiming(left: try ModelCatalog.spec(named: "lenet5"), right: try ModelCatalog.spec(named: "lenet5-modern"),
                        options: TimingOptions(forwardIterations: 1, trainSteps: 1, trainBatch: 4, threads: 1))
    let t = try #require(c.timing)
    for m in [t.left, t.right] {
      #expect(m.forwardBatch1.median > 0 && m.trainImagesPerSecond > 0)
      #expect(!m.intraOp && m.forwardThreads == 1)
      #expect(m.forwardIterations == TimingOptions.minimumSmallForwardIterations)
      #expect(m.trainSteps == TimingOptions.minimumSmallTrainSteps && m.trainBatch == 4)
    }
    #expect(abs(t.leftProjection.trainEpochSeconds - 1_200_000 / t.left.trainImagesPerSecond) < 1e-6)
    #expect(abs(t.leftProjection.trainRunSeconds - 90 * t.leftProjection.trainEpochSeconds) < 1e-6)
    #expect(abs(t.trainTimeRatio - t.right.trainMillisecondsPerImage / t.left.trainMillisecondsPerImage) < 1e-9)
    // 90 × 1.2 M images in 5–6 days: 208–250 images/s.
    #expect(t.paperImagesPerSecond.map { Int($0.rounded()) } == [208, 250])
  }
}
