import CDNNL
import Testing
@testable import ConvEngine

/// The engine's own copies into and out of oneDNN's layouts (`LayoutCopy`) against oneDNN's
/// reorder of the same descriptors, value for value: channels-last activations both ways and
/// weights in blocks of output channels, with edge tiles (sizes that are not multiples of 16)
/// and on one and two threads.
@Suite("Layout copies")
struct LayoutCopyTests {
  /// Copies random values from `from` to `to` both ways (the engine's, then oneDNN's) and
  /// returns whether the engine's transposes ran and the values that differ.
  static func compare(_ dims: [Int], from: dnnl_format_tag_t, to: dnnl_format_tag_t, threads: Int)
    -> (transposed: Bool, wrong: Int, count: Int)
  {
    let a = DNNL.descriptor(dims, from), b = DNNL.descriptor(dims, to)
    let copy = LayoutCopy(from: a, to: b)
    let reorder = DNNLReorder(from: a, to: b)
    let count = max(reorder.from.floats, reorder.to.floats)
    let source = Tensor(zeros: Shape(n: count, c: 1, h: 1, w: 1))
    var rng = SplitMix64(seed: UInt64(dims.reduce(7, *)))
    for i in 0..<reorder.from.floats { source.pointer[i] = rng.uniform(-1, 1) }
    // Both destinations start from the same non-zero pattern, so a value left unwritten shows.
    let mine = Tensor(zeros: source.shape), theirs = Tensor(zeros: source.shape)
    for i in 0..<count { mine.pointer[i] = 9; theirs.pointer[i] = 9 }
    BLAS.withThreads(threads) {
      copy.run(source.pointer, mine.pointer, threads: threads)
      reorder.run(source.pointer, theirs.pointer)
    }
    let wrong = (0..<reorder.to.floats).filter { mine.pointer[$0].bitPattern != theirs.pointer[$0].bitPattern }.count
    return (!copy.isReorder, wrong, reorder.to.floats)
  }

  @Test("NCHW to channels-last and back", arguments: [1, 2])
  func channelsLast(threads: Int) {
    for dims in [[1, 96, 55, 55], [1, 256, 13, 13], [3, 40, 27, 27], [2, 16, 5, 7]] {
      let there = Self.compare(dims, from: dnnl_nchw, to: dnnl_nhwc, threads: threads)
      #expect(there.transposed && there.wrong == 0, "\(dims) to NHWC: \(there.wrong) of \(there.count) differ")
      let back = Self.compare(dims, from: dnnl_nhwc, to: dnnl_nchw, threads: threads)
      #expect(back.transposed && back.wrong == 0, "\(dims) to NCHW: \(back.wrong) of \(back.count) differ")
    }
  }

  @Test("weights into blocks of output channels", arguments: [1, 2])
  func outputBlocks(threads: Int) {
    let cases: [([Int], dnnl_format_tag_t, dnnl_format_tag_t)] = [
      ([96, 3, 11, 11], dnnl_oihw, dnnl_Acdb48a),  // 363 columns: an edge tile
      ([384, 256, 3, 3], dnnl_oihw, dnnl_Acdb48a),
      ([32, 20, 3, 3], dnnl_oihw, dnnl_Acdb16a),
      ([2, 128, 48, 5, 5], dnnl_goihw, dnnl_aBdec64b),
      ([2, 128, 192, 3, 3], dnnl_goihw, dnnl_aBdec32b),
      ([2, 192, 192, 3, 3], dnnl_goihw, dnnl_aBdec48b),
    ]
    for (dims, plain, blocked) in cases {
      let result = Self.compare(dims, from: plain, to: blocked, threads: threads)
      #expect(result.transposed && result.wrong == 0, "\(dims): \(result.wrong) of \(result.count) differ")
    }
  }

  @Test("layouts the engine does not transpose go to oneDNN's reorder, and still copy exactly")
  func fallsBack() {
    // Three channels (an RGB image) and 40 outputs in blocks of 16 (the last block padded).
    let rgb = Self.compare([1, 3, 31, 31], from: dnnl_nchw, to: dnnl_nhwc, threads: 2)
    #expect(!rgb.transposed && rgb.wrong == 0)
    let padded = Self.compare([40, 8, 3, 3], from: dnnl_oihw, to: dnnl_Acdb16a, threads: 2)
    #expect(!padded.transposed && padded.wrong == 0)
  }
}
