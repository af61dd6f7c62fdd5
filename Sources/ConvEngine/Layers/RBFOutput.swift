/// LeNet-5's output layer: one Euclidean radial-basis unit per class,
/// y_i = Σ_j (x_j − w_ij)², with fixed prototypes w_i (7×12 ±1 bitmaps, see `Prototypes`).
///
/// A penalty, not a probability: the class with the *smallest* y_i wins [LeCun 1998, Eq. 7].
public final class RBFOutput: Layer {
  public let spec: LayerSpec
  public let inputShape: Shape
  public let outputShape: Shape
  /// `output.prototypes` [classes, inputs]; fixed, so the optimiser never sees it.
  public let prototypes: Parameter
  public var parameters: [Parameter] { [] }
  /// Tensors saved with the weights but not trained.
  public var fixedParameters: [Parameter] { [prototypes] }
  private let classes: Int
  private let inputs: Int
  private var lastInput: Tensor?
  private var outWS = Workspace()  // (N, classes)
  private var dinWS = Workspace()  // (N, inputs)

  public init(spec: LayerSpec, classes: Int, input: Shape) {
    self.spec = spec
    self.classes = classes
    inputs = input.perSample
    inputShape = input.batch(1)
    outputShape = LayerKind.rbf(classes: classes).outputShape(for: input)
    prototypes = Parameter(name: spec.name + ".prototypes", dims: [classes, inputs], decays: false)
    if inputs == Prototypes.width * Prototypes.height && classes <= Prototypes.digits.count {
      let values = Prototypes.vectors(classes: classes)
      for i in 0..<values.count { prototypes.value.pointer[i] = values[i] }
    }
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    lastInput = x
    let n = x.shape.n
    let out = outWS.tensor(outputShape.batch(n))
    let w = prototypes.value.pointer
    for s in 0..<n {
      let xs = x.pointer + s * inputs
      for i in 0..<classes {
        let wi = w + i * inputs
        var sum: Float = 0
        for j in 0..<inputs { let d = xs[j] - wi[j]; sum += d * d }
        out.pointer[s * classes + i] = sum
      }
    }
    return out
  }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    guard needInputGradient, let x = lastInput else { return nil }
    let n = x.shape.n
    let dx = dinWS.tensor(x.shape, zeroed: true)
    let w = prototypes.value.pointer
    for s in 0..<n {
      let xs = x.pointer + s * inputs, d = dx.pointer + s * inputs
      for i in 0..<classes {
        let g = 2 * dout.pointer[s * classes + i]
        let wi = w + i * inputs
        for j in 0..<inputs { d[j] += g * (xs[j] - wi[j]) }
      }
    }
    return dx
  }
}

extension RBFOutput {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {
    lastInput = nil
    outWS = Workspace()
    dinWS = Workspace()
  }
}
