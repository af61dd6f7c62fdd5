import CKernels

/// Lowers convolution windows to matrix columns (im2col) and folds gradients back (col2im).
///
/// Column layout for one group: row r = (c·K + ky)·K + kx over that group's channels,
/// column j = n·Ho·Wo + oy·Wo + ox over the batch. Padding reads as zero.
enum Im2col {
  /// Range of output columns `ox` whose input column `ox·S − P + kx` lies inside [0, W).
  @inline(__always)
  static func validRange(out: Int, input: Int, stride: Int, pad: Int, offset: Int) -> Range<Int> {
    // ox·S − P + k ≥ 0  ⇔  ox ≥ ceil((P − k)/S)
    let lowNum = pad - offset
    let lo = lowNum <= 0 ? 0 : (lowNum + stride - 1) / stride
    // ox·S − P + k ≤ W − 1  ⇔  ox ≤ floor((W − 1 + P − k)/S)
    let highNum = input - 1 + pad - offset
    let hi = highNum < 0 ? 0 : min(out, highNum / stride + 1)
    return lo < hi ? lo..<hi : 0..<0
  }

  /// Fills `col` (Kg, images·Ho·Wo) from channels [offset, offset+channels) of the images
  /// `images` of x (N, C, H, W) (all of them by default).
  static func lower(
    _ x: Tensor, images: Range<Int>? = nil, channelOffset: Int, channels: Int, conv: ConvSpec, outH: Int, outW: Int,
    into col: UnsafeMutablePointer<Float>, threads: Int = 1
  ) {
    let images = images ?? 0..<x.shape.n, k = conv.kernel
    let first = x.pointer + images.lowerBound * x.shape.perSample
    // Each (channel, ky) pair fills its own k rows of the column matrix (in C: the row copies
    // are vectorised inline instead of one libc call per output row).
    Parallel.forEach(channels * k, threads: threads) { job in
      ck_im2col(first, images.count, x.shape.c, x.shape.h, x.shape.w, channelOffset, k, conv.stride, conv.padding,
                outH, outW, job / k, job % k, col)
    }
  }

  /// Adds the column gradients `dcol` (Kg, images·Ho·Wo) into channels [offset, offset+channels)
  /// of the images `images` of dx (N, C, H, W) (all by default); the inverse scatter of `lower`.
  static func raise(
    _ dcol: UnsafePointer<Float>, images: Range<Int>? = nil, channelOffset: Int, channels: Int, conv: ConvSpec,
    outH: Int, outW: Int, into dx: Tensor, threads: Int = 1
  ) {
    let images = images ?? 0..<dx.shape.n
    let n = images.count, cin = dx.shape.c, h = dx.shape.h, w = dx.shape.w
    let k = conv.kernel, s = conv.stride, p = conv.padding
    let hw = outH * outW, cols = n * hw
    let dxp = dx.pointer + images.lowerBound * dx.shape.perSample
    // Windows of different (ky, kx) overlap in dx, so only whole channels run in parallel.
    Parallel.forEach(channels, threads: threads) { c in
      for ky in 0..<k {
        let rowsY = validRange(out: outH, input: h, stride: s, pad: p, offset: ky)
        for kx in 0..<k {
          let row = dcol + ((c * k + ky) * k + kx) * cols
          let xr = validRange(out: outW, input: w, stride: s, pad: p, offset: kx)
          if xr.isEmpty { continue }
          for b in 0..<n {
            let plane = dxp + (b * cin + channelOffset + c) * h * w
            let srcImage = row + b * hw
            for oy in rowsY {
              let src = srcImage + oy * outW
              let dst = plane + (oy * s - p + ky) * w - p + kx
              if s == 1 {
                for ox in xr { dst[ox] += src[ox] }
              } else {
                for ox in xr { dst[ox * s] += src[ox] }
              }
            }
          }
        }
      }
    }
  }
}
