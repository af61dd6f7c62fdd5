/// A rectangle of a layer's input, in that input's rows and columns: what one output value
/// reads (one step back) or, composed through every layer, what it sees of the image.
public struct FieldSpan: Sendable, Hashable {
  public var rows: ClosedRange<Int>
  public var cols: ClosedRange<Int>

  public init(rows: ClosedRange<Int>, cols: ClosedRange<Int>) {
    self.rows = rows
    self.cols = cols
  }

  /// Rows × columns.
  public var area: Int { rows.count * cols.count }
}

extension Inspector {
  /// The part of layer `layer`'s input that output rows `rows`, columns `cols` of the layer
  /// read, clipped to the input (padding is not part of it). Fully connected and RBF layers,
  /// and flatten, read the whole input.
  public static func inputSpan(of layer: any Layer, rows: ClosedRange<Int>, cols: ClosedRange<Int>) -> FieldSpan {
    let input = layer.inputShape
    func window(_ r: ClosedRange<Int>, stride s: Int, size k: Int, padding p: Int) -> ClosedRange<Int> {
      (r.lowerBound * s - p)...(r.upperBound * s - p + k - 1)
    }
    func adaptive(_ r: ClosedRange<Int>, n: Int, out: Int) -> ClosedRange<Int> {
      // PyTorch's bins: start ⌊i·n/out⌋, end ⌈(i+1)·n/out⌉ (exclusive).
      (r.lowerBound * n / out)...(((r.upperBound + 1) * n + out - 1) / out - 1)
    }
    let whole = FieldSpan(rows: 0...max(0, input.h - 1), cols: 0...max(0, input.w - 1))
    var span: FieldSpan
    switch layer.spec.kind {
    case .conv(let c):
      span = FieldSpan(rows: window(rows, stride: c.stride, size: c.kernel, padding: c.padding),
                       cols: window(cols, stride: c.stride, size: c.kernel, padding: c.padding))
    case .subsample(let w):
      span = FieldSpan(rows: window(rows, stride: w, size: w, padding: 0), cols: window(cols, stride: w, size: w, padding: 0))
    case .pool(_, let k, let s):
      span = FieldSpan(rows: window(rows, stride: s, size: k, padding: 0), cols: window(cols, stride: s, size: k, padding: 0))
    case .adaptiveAvgPool(let outH, let outW):
      span = FieldSpan(rows: adaptive(rows, n: input.h, out: outH), cols: adaptive(cols, n: input.w, out: outW))
    case .lrn, .dropout:
      span = FieldSpan(rows: rows, cols: cols)
    case .fc, .rbf, .flatten:
      return whole
    }
    let r = max(0, span.rows.lowerBound)...max(0, min(input.h - 1, span.rows.upperBound))
    let c = max(0, span.cols.lowerBound)...max(0, min(input.w - 1, span.cols.upperBound))
    span = FieldSpan(rows: r, cols: c)
    return span
  }

  /// What output (y, x) of network layer `layer` sees of the network input: its receptive
  /// field on the image, composed back through every layer before it and clipped to the
  /// image. Layer `network.layers.count` (the probabilities) and anything after a fully
  /// connected layer see the whole image.
  public static func imageField(network: Network, layer: Int, y: Int, x: Int) -> FieldSpan {
    var span = FieldSpan(rows: y...y, cols: x...x)
    let last = min(layer, network.layers.count - 1)
    if layer >= network.layers.count {
      let out = network.layers[last].outputShape
      span = FieldSpan(rows: 0...max(0, out.h - 1), cols: 0...max(0, out.w - 1))
    }
    for i in stride(from: last, through: 0, by: -1) {
      span = inputSpan(of: network.layers[i], rows: span.rows, cols: span.cols)
    }
    return span
  }
}
