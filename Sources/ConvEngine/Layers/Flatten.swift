/// Views an NCHW batch as (N, C·H·W, 1, 1); no data moves.
public final class Flatten: Layer {
  public let spec: LayerSpec
  public let inputShape: Shape
  public let outputShape: Shape
  public var parameters: [Parameter] { [] }

  public init(spec: LayerSpec, input: Shape) {
    self.spec = spec
    inputShape = input.batch(1)
    outputShape = LayerKind.flatten.outputShape(for: input)
  }

  public func forward(_ x: Tensor, training: Bool) -> Tensor { x.reshaped(outputShape.batch(x.shape.n)) }

  public func backward(_ dout: Tensor, needInputGradient: Bool) -> Tensor? {
    needInputGradient ? dout.reshaped(inputShape.batch(dout.shape.n)) : nil
  }
}

extension Flatten {
  /// Frees the batch buffers; the next pass allocates them again (see `Layer.releaseBuffers`).
  public func releaseBuffers() {}
}
