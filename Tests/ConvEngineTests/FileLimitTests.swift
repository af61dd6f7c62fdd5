import Foundation
import Testing
import TestSupport
@testable import ConvEngine

/// Issue 19: the limits every reader enforces.
@Suite struct FileLimitTests {
  /// A gzip member of `count` zero bytes in stored (uncompressed) deflate blocks; the trailer's
  /// CRC is wrong on purpose, since the size cap must stop the inflation before it is read.
  static func storedGzip(zeros count: Int) -> [UInt8] {
    var bytes: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
    var left = count
    while left > 0 {
      let n = min(left, 65_535)
      left -= n
      bytes += [left == 0 ? 1 : 0, UInt8(n & 255), UInt8(n >> 8), UInt8(~n & 255), UInt8((~n >> 8) & 255)]
      bytes += [UInt8](repeating: 0, count: n)
    }
    return bytes + [0, 0, 0, 0] + [UInt8(count & 255), UInt8(count >> 8 & 255), UInt8(count >> 16 & 255), 0]
  }

  /// Item 4: gzip output is capped ("zip bombs" stop at the cap, not at the end of memory).
  @Test func gzipOutputStopsAtTheCap() throws {
    let bomb = Self.storedGzip(zeros: 3 << 20)
    #expect(throws: EngineError("bomb.gz", "decompresses to more than 2 MiB, the most convscope unpacks from a data file; "
      + "is it really an MNIST-style IDX file?")) {
      try GzipReader.inflate(bomb, path: "bomb.gz", limit: 2 << 20)
    }
  }

  @Test func readsRefuseFilesOverTheirKindsLimit() throws {
    let path = Fixtures.temporaryDirectory() + "/big.md"
    try Data(count: 9 << 20).write(to: URL(fileURLWithPath: path))
    #expect(throws: EngineError(path, "is 9 MiB, larger than the 8 MiB convscope reads for a text file")) {
      try FileIO.read(path: path, as: .text)
    }
  }

  @Test func staleTemporariesAreRecognisedByTheirProcess() throws {
    #expect(FileIO.temporaryOwner(".w.safetensors.tmp-123-4") == 123)
    #expect(FileIO.temporaryOwner("w.safetensors.tmp-123-4") == nil)  // not hidden: not ours
    #expect(FileIO.temporaryOwner(".w.safetensors.tmp-12a-4") == nil)
    #expect(FileIO.temporaryOwner(".w.tmp-1-2.tmp-77-1") == 77)
    let name = FileIO.temporaryName(for: "/a/b/w.safetensors")
    #expect(name.hasPrefix("/a/b/.w.safetensors.tmp-\(getpid())-"))
    #expect(FileIO.temporaryOwner(String(name.dropFirst("/a/b/".count))) == getpid())
  }

  @Test func imagesOfExtremeShapeAreRefusedBeforeDecoding() throws {
    #expect(throws: EngineError.self) { try RGBImage.decode(Array("P5\n1 101\n255\n".utf8) + [UInt8](repeating: 0, count: 101), source: "x") }
    #expect(throws: EngineError.self) { try RGBImage.decode(Array("P2\n5000 5000\n255\n1 2 3\n".utf8), source: "x") }
    let fine = try RGBImage.decode(Array("P5\n1 100\n255\n".utf8) + [UInt8](repeating: 7, count: 100), source: "x")
    #expect(fine.height == 100)
  }
}
