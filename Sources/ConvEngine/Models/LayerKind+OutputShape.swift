extension LayerKind {
  /// The per-sample output shape (n = 1) this layer makes from a per-sample input `s`: the one
  /// rule for the shape table (`ModelSpec.row`), the layers' own buffers and everything that
  /// asks. Only arithmetic: whether the layer fits its input is `ModelSpec.row`'s to check
  /// (it throws a message naming the layer), and `Network` builds no layer it has not checked.
  public func outputShape(for s: Shape) -> Shape {
    switch self {
    case .conv(let c):
      let (h, w) = c.outputSize(h: s.h, w: s.w)
      return Shape(n: 1, c: c.outChannels, h: h, w: w)
    case .subsample(let window):
      // Non-overlapping blocks: LeNet-5's sub-sampling needs the size to divide exactly.
      return Shape(n: 1, c: s.c, h: s.h / window, w: s.w / window)
    case .pool(_, let size, let stride):
      return Shape(n: 1, c: s.c, h: (s.h - size) / stride + 1, w: (s.w - size) / stride + 1)
    case .adaptiveAvgPool(let oh, let ow):
      return Shape(n: 1, c: s.c, h: oh, w: ow)
    case .lrn, .dropout:
      return s.batch(1)
    case .fc(let outputs):
      return Shape(n: 1, c: outputs, h: 1, w: 1)
    case .flatten:
      return Shape(n: 1, c: s.perSample, h: 1, w: 1)
    case .rbf(let classes):
      return Shape(n: 1, c: classes, h: 1, w: 1)
    }
  }
}
