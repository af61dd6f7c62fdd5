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

  /// Fills `col` (Kg, N·Ho·Wo) from channels [offset, offset+channels) of x (N, C, H, W).
  static func lower(
    _ x: Tensor, channelOffset: Int, channels: Int, conv: ConvSpec, outH: Int, outW: Int,
    into col: UnsafeMutablePointer<Float>, threads: Int = 1
  ) {
    let n = x.shape.n, cin = x.shape.c, h = x.shape.h, w = x.shape.w
    let k = conv.kernel, s = conv.stride, p = conv.padding
    let hw = outH * outW, cols = n * hw
    let xp = x.pointer
    // Each (channel, ky) pair fills its own k rows of the column matrix.
    Parallel.forEach(channels * k, threads: threads) { job in
      let c = job / k, ky = job % k
      do {
        let rowsY = validRange(out: outH, input: h, stride: s, pad: p, offset: ky)
        for kx in 0..<k {
          let row = col + ((c * k + ky) * k + kx) * cols
          let xr = validRange(out: outW, input: w, stride: s, pad: p, offset: kx)
          for b in 0..<n {
            let plane = xp + (b * cin + channelOffset + c) * h * w
            let dstImage = row + b * hw
            for oy in 0..<outH {
              let dst = dstImage + oy * outW
              guard rowsY.contains(oy) else {
                dst.update(repeating: 0, count: outW)
                continue
              }
              let src = plane + (oy * s - p + ky) * w - p + kx
              for ox in 0..<xr.lowerBound { dst[ox] = 0 }
              if s == 1 {
                (dst + xr.lowerBound).update(from: src + xr.lowerBound, count: xr.count)
              } else {
                for ox in xr { dst[ox] = src[ox * s] }
              }
              for ox in xr.upperBound..<outW { dst[ox] = 0 }
            }
          }
        }
      }
    }
  }

  /// Adds the column gradients `dcol` (Kg, N·Ho·Wo) into channels [offset, offset+channels)
  /// of dx (N, C, H, W); the inverse scatter of `lower`.
  static func raise(
    _ dcol: UnsafePointer<Float>, channelOffset: Int, channels: Int, conv: ConvSpec, outH: Int, outW: Int,
    into dx: Tensor, threads: Int = 1
  ) {
    let n = dx.shape.n, cin = dx.shape.c, h = dx.shape.h, w = dx.shape.w
    let k = conv.kernel, s = conv.stride, p = conv.padding
    let hw = outH * outW, cols = n * hw
    let dxp = dx.pointer
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
