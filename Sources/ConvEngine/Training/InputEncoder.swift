/// Turns dataset images into network input tensors.
public enum InputEncoder {
  /// LeNet-5's input coding: background (0) → −0.1, full ink (255) → 1.175 [LeCun 1998 II-B],
  /// which makes the mean about 0 and the variance about 1.
  public static let leNetBackground: Float = -0.1
  public static let leNetInk: Float = 1.175

  /// Writes images `indices` of `dataset` into `x` (N, 1, 32, 32), padding 28×28 by 2 pixels of
  /// background on every side, and their labels into `labels`.
  public static func fill(
    _ x: Tensor, labels: UnsafeMutablePointer<Int32>?, from dataset: ImageDataset, indices: some Collection<Int>,
    preprocessing: InputPreprocessing
  ) {
    switch preprocessing {
    case .leNetPad32:
      let rows = dataset.rows, cols = dataset.cols
      let h = x.shape.h, w = x.shape.w
      let top = (h - rows) / 2, left = (w - cols) / 2
      let scale = (leNetInk - leNetBackground) / 255
      dataset.pixels.withUnsafeBufferPointer { px in
        for (s, index) in indices.enumerated() {
          let dst = x.pointer + s * h * w
          dst.update(repeating: leNetBackground, count: h * w)
          let src = px.baseAddress! + index * rows * cols
          for r in 0..<rows {
            for c in 0..<cols { dst[(r + top) * w + c + left] = Float(src[r * cols + c]) * scale + leNetBackground }
          }
          labels?[s] = Int32(dataset.labels[index])
        }
      }
    }
  }

  /// One raw 28×28 image (values 0…255, row-major) encoded as a (1, 1, 32, 32) tensor.
  public static func encode(pixels: [UInt8], rows: Int, cols: Int, preprocessing: InputPreprocessing) -> Tensor {
    let ds = ImageDataset(name: "input", split: .test, rows: rows, cols: cols, pixels: pixels, labels: [0],
                          classNames: [])
    let x = Tensor(zeros: Shape(n: 1, c: 1, h: 32, w: 32))
    fill(x, labels: nil, from: ds, indices: [0][...], preprocessing: preprocessing)
    return x
  }
}
