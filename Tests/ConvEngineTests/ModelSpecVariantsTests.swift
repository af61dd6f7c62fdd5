import Testing

@testable import ConvEngine

/// One-choice variants of a model (the Train screen's comparisons) change that choice only.
@Suite struct ModelSpecVariantsTests {
  @Test func activationsChangeInHiddenLayersOnly() throws {
    let modern = try ModelCatalog.spec(named: "lenet5-modern")
    let tanh = modern.replacingHiddenActivations(with: .tanh)
    for (a, b) in zip(modern.layers, tanh.layers) {
      #expect(a.kind == b.kind)
      #expect(b.activation == (a.activation == .identity ? .identity : .tanh), "\(a.name)")
    }
    // The output layer keeps its identity (logits for the softmax).
    #expect(tanh.layers.last?.activation == .identity)
    #expect(try Network(spec: tanh).parameterCount == (try Network(spec: modern).parameterCount))
  }

  @Test func poolingAndDropoutKeepWindowsAndShapes() throws {
    let small = try ModelCatalog.spec(named: "alexnet", width: 0.25, inputSize: 67, classes: 10)
    let average = small.replacingPooling(with: .average)
    let noDropout = small.replacingDropout(p: 0)
    for (a, b) in zip(small.layers, average.layers) {
      if case .pool(_, let size, let stride) = a.kind { #expect(b.kind == .pool(.average, size: size, stride: stride)) }
      else { #expect(a.kind == b.kind) }
    }
    #expect(small.hasDropout && noDropout.layers.allSatisfy { if case .dropout(let p) = $0.kind { p == 0 } else { true } })
    #expect(try average.shapeTable().totalMACs == (try small.shapeTable().totalMACs))
    // LeNet-5 (1998) subsamples with trainable coefficients: nothing to swap.
    #expect(!(try ModelCatalog.spec(named: "lenet5")).hasPooling)
  }
}
