/// Turns dataset images into network input tensors.
public enum InputEncoder {
  /// LeNet-5's input coding: background (0) → −0.1, full ink (255) → 1.175 [LeCun 1998 II-B],
  /// which makes the mean about 0 and the variance about 1.
  public static let leNetBackground: Float = -0.1
  public static let leNetInk: Float = 1.175

  /// Writes images `indices` of `dataset` into `x` (N, C, H, W) as the model expects them
  /// (LeNet-5: padded to 32×32; AlexNet: resized, three channels, normalised), and their
  /// labels into `labels`.
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
    case .imageNet:
      // Bilinear resize of each greyscale digit to the input size, copied into R, G and B,
      // then ImageNet mean/std normalisation per channel.
      let rows = dataset.rows, cols = dataset.cols
      let h = x.shape.h, w = x.shape.w, plane = h * w
      let sy = Float(rows) / Float(h), sx = Float(cols) / Float(w)
      dataset.pixels.withUnsafeBufferPointer { px in
        for (s, index) in indices.enumerated() {
          let src = px.baseAddress! + index * rows * cols
          let dst = x.pointer + s * 3 * plane
          for oy in 0..<h {
            let fy = max(0, (Float(oy) + 0.5) * sy - 0.5)
            let y0 = min(Int(fy), rows - 1), y1 = min(y0 + 1, rows - 1), ty = fy - Float(y0)
            for ox in 0..<w {
              let fx = max(0, (Float(ox) + 0.5) * sx - 0.5)
              let x0 = min(Int(fx), cols - 1), x1 = min(x0 + 1, cols - 1), tx = fx - Float(x0)
              let top = Float(src[y0 * cols + x0]) * (1 - tx) + Float(src[y0 * cols + x1]) * tx
              let bottom = Float(src[y1 * cols + x0]) * (1 - tx) + Float(src[y1 * cols + x1]) * tx
              let v = (top * (1 - ty) + bottom * ty) / 255
              for c in 0..<3 { dst[c * plane + oy * w + ox] = (v - imageNetMean[c]) / imageNetStd[c] }
            }
          }
          labels?[s] = Int32(dataset.labels[index])
        }
      }
    }
  }

  /// ImageNet per-channel mean and standard deviation of RGB in [0, 1] (the usual torchvision values).
  public static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
  public static let imageNetStd: [Float] = [0.229, 0.224, 0.225]

  /// One raw 28×28 image (values 0…255, row-major) encoded as a batch of one of `input`'s
  /// shape: (1, 1, 32, 32) for LeNet-5, resized into three channels for AlexNet.
  public static func encode(
    pixels: [UInt8], rows: Int, cols: Int, preprocessing: InputPreprocessing,
    input: Shape = Shape(n: 1, c: 1, h: 32, w: 32)
  ) -> Tensor {
    let ds = ImageDataset(name: "input", split: .test, rows: rows, cols: cols, pixels: pixels, labels: [0],
                          classNames: [])
    let x = Tensor(zeros: input.batch(1))
    fill(x, labels: nil, from: ds, indices: [0][...], preprocessing: preprocessing)
    return x
  }
}
