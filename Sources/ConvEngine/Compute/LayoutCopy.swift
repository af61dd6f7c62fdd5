import CDNNL
import CKernels

/// A copy of one tensor between two layouts: the engine's plain one and the one a oneDNN
/// primitive chose.
///
/// The layouts AlexNet's convolutions get are transposes, which the engine runs itself
/// (`ck_transpose`): activations channels-last (NHWC) and weights in blocks of output
/// channels (`Acdb48a`, `aBdec64b`: [O/B, K, K, I, B]). oneDNN 2.6's reorders ran those at
/// 11–18 GB/s, 1.05 ms of a 7.2 ms AlexNet forward at batch 1 (0.79 ms of it the weights);
/// any other layout still goes through oneDNN's reorder.
enum LayoutCopy {
  /// `matrices` matrices, `step` floats apart in source and destination; in each, destination
  /// row (j mod taps)·(cols/taps) + j div taps, column i is source row i, column j.
  case transposes(matrices: Int, rows: Int, cols: Int, taps: Int, sourceStride: Int, destinationStride: Int,
                  step: Int)
  case reorder(DNNLReorder)

  /// The copy from layout `from` to layout `to` of the same tensor.
  init(from: dnnl_memory_desc_t, to: dnnl_memory_desc_t) {
    self = Self.transpose(from: from, to: to) ?? .reorder(DNNLReorder(from: from, to: to))
  }

  /// The transposes that copy `from` into `to`, when the pair is one the engine knows.
  private static func transpose(from: dnnl_memory_desc_t, to: dnnl_memory_desc_t) -> LayoutCopy? {
    let dims = withUnsafeBytes(of: from.dims) { Array($0.bindMemory(to: Int64.self).prefix(Int(from.ndims))) }
      .map { Int($0) }
    func matches(_ md: dnnl_memory_desc_t, _ tag: dnnl_format_tag_t) -> Bool {
      DNNL.equal(md, DNNL.descriptor(dims, tag))
    }
    // Fewer than 16 channels (an RGB image) would leave most of every register tile empty.
    if dims.count == 4 && dims[1] >= 16 {
      let (n, c, plane) = (dims[0], dims[1], dims[2] * dims[3])
      if matches(from, dnnl_nchw) && matches(to, dnnl_nhwc) {
        return .transposes(matrices: n, rows: c, cols: plane, taps: 1, sourceStride: plane, destinationStride: c,
                           step: c * plane)
      }
      if matches(from, dnnl_nhwc) && matches(to, dnnl_nchw) {
        return .transposes(matrices: n, rows: plane, cols: c, taps: 1, sourceStride: c, destinationStride: plane,
                           step: c * plane)
      }
    }
    // Weights [O, I, K, K] (or [G, O, I, K, K]) into blocks of B output channels.
    guard dims.count == 4 || dims.count == 5 else { return nil }
    let grouped = dims.count == 5
    let (groups, outputs, inputs) = grouped ? (dims[0], dims[1], dims[2]) : (1, dims[0], dims[1])
    let taps = dims[dims.count - 2] * dims[dims.count - 1]
    let plain = grouped ? dnnl_goihw : dnnl_oihw
    let blocked: [(Int, dnnl_format_tag_t)] = grouped
      ? [(16, dnnl_aBdec16b), (32, dnnl_aBdec32b), (48, dnnl_aBdec48b), (64, dnnl_aBdec64b)]
      : [(16, dnnl_Acdb16a), (32, dnnl_Acdb32a), (48, dnnl_Acdb48a), (64, dnnl_Acdb64a)]
    guard matches(from, plain) else { return nil }
    // A block size that does not divide O pads the last block: left to oneDNN.
    guard let block = blocked.first(where: { outputs % $0.0 == 0 && matches(to, $0.1) })?.0 else { return nil }
    return .transposes(matrices: groups * outputs / block, rows: block, cols: inputs * taps, taps: taps,
                       sourceStride: inputs * taps, destinationStride: block, step: block * inputs * taps)
  }

  /// Whether oneDNN's reorder runs the copy (for tests).
  var isReorder: Bool {
    if case .reorder = self { return true }
    return false
  }

  /// Copies `source` (in the `from` layout) into `destination` (in `to`), on up to `threads`
  /// threads.
  func run(_ source: UnsafeMutablePointer<Float>, _ destination: UnsafeMutablePointer<Float>, threads: Int) {
    switch self {
    case .reorder(let reorder):
      reorder.run(source, destination)
    case let .transposes(matrices, rows, cols, taps, sourceStride, destinationStride, step):
      // Work goes out in tiles of 16 source rows (one register tile high), at least ~16k
      // values a thread.
      let tiles = (rows + 15) / 16
      Parallel.chunks(matrices * tiles, threads: threads, grain: max(1, 16_384 / (16 * cols))) { units in
        var unit = units.lowerBound
        while unit < units.upperBound {
          let m = unit / tiles, first = unit % tiles, last = min(tiles, first + units.upperBound - unit)
          let r0 = first * 16, r1 = min(rows, last * 16)
          ck_transpose(source + m * step + r0 * sourceStride, sourceStride, r1 - r0, cols, taps,
                       destination + m * step + r0, destinationStride)
          unit += last - first
        }
      }
    }
  }
}
