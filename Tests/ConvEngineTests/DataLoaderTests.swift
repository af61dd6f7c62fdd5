import CZlib
import Foundation
import Testing

@testable import ConvEngine

/// Checks the gzip/IDX readers and the dataset loader against the facts in the data README
/// (`/work/shared/data/README.md`, summarised in `assets/README.md`), and checks that bad
/// files are rejected with an `EngineError` that names the file.
@Suite struct DataLoaderTests {
  // MARK: - Known facts about the real datasets

  struct Facts: Sendable, CustomTestStringConvertible {
    let kind: DatasetKind
    let split: DatasetSplit
    let count: Int
    let histogram: [Int]
    let firstLabels: [UInt8]
    let firstImageSums: [Int]
    let totalPixelSum: Int

    var testDescription: String { "\(kind.rawValue) \(split.rawValue)" }
  }

  static let facts: [Facts] = [
    Facts(kind: .mnist, split: .train, count: 60_000,
          histogram: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
          firstLabels: [5, 0, 4, 1, 9, 2, 1, 3, 1, 4],
          firstImageSums: [27525, 31095], totalPixelSum: 1_567_298_545),
    Facts(kind: .mnist, split: .test, count: 10_000,
          histogram: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
          firstLabels: [7, 2, 1, 0, 4, 1, 4, 9, 5, 9],
          firstImageSums: [18454, 28850], totalPixelSum: 264_923_200),
    Facts(kind: .fashionMNIST, split: .train, count: 60_000,
          histogram: Array(repeating: 6000, count: 10),
          firstLabels: [9, 0, 0, 3, 0, 2, 7, 2, 5, 5],
          firstImageSums: [76247], totalPixelSum: 3_431_114_169),
    Facts(kind: .fashionMNIST, split: .test, count: 10_000,
          histogram: Array(repeating: 1000, count: 10),
          firstLabels: [9, 2, 1, 1, 6, 1, 4, 6, 5, 7],
          firstImageSums: [33456], totalPixelSum: 573_469_082),
  ]

  @Test("real datasets match the published facts", arguments: facts)
  func datasetFacts(_ expected: Facts) throws {
    let data = try ImageDataset.load(expected.kind, split: expected.split, assetsDirectory: assets)
    #expect(data.name == expected.kind.rawValue)
    #expect(data.split == expected.split)
    #expect(data.count == expected.count)
    #expect(data.rows == 28 && data.cols == 28)
    #expect(data.pixels.count == expected.count * 28 * 28)
    #expect(data.labels.count == expected.count)
    #expect(data.labelHistogram == expected.histogram)
    #expect(Array(data.labels.prefix(10)) == expected.firstLabels)
    for (i, sum) in expected.firstImageSums.enumerated() {
      #expect(byteSum(data.image(i)) == sum, "pixel sum of image \(i)")
    }
    #expect(byteSum(data.pixels[...]) == expected.totalPixelSum)
  }

  @Test func classNames() {
    #expect(DatasetKind.mnist.classNames == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
    #expect(DatasetKind.fashionMNIST.classNames == [
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ])
    #expect(DatasetKind.allCases.map(\.rawValue) == ["mnist", "fashion-mnist"])
  }

  @Test func imageSliceIsTheRightWindow() throws {
    let data = try ImageDataset.load(.mnist, split: .test, assetsDirectory: assets)
    let third = data.image(2)
    #expect(third.startIndex == 2 * 784 && third.endIndex == 3 * 784)
    let last = data.image(data.count - 1)
    #expect(last.endIndex == data.pixels.count)
  }

  @Test func idxHeadersOfTheRealFiles() throws {
    let images = try IDXArray.read(path: "\(assets)/mnist/t10k-images-idx3-ubyte.gz")
    #expect(images.dims == [10_000, 28, 28])
    let labels = try IDXArray.read(path: "\(assets)/mnist/t10k-labels-idx1-ubyte.gz")
    #expect(labels.dims == [10_000])
    // The decompressed sizes in the README: 7,840,016 and 10,008 bytes with headers.
    #expect(try GzipReader.read(path: "\(assets)/mnist/t10k-images-idx3-ubyte.gz").count == 7_840_016)
    #expect(try GzipReader.read(path: "\(assets)/mnist/t10k-labels-idx1-ubyte.gz").count == 10_008)
  }

  // MARK: - Checksums of the shipped files

  /// sha256 values from the data README. The 9.9 MB train-images file takes about a second
  /// to hash in a debug build; its content is covered by the pixel-sum facts as well.
  @Test("shipped MNIST .gz files have the published sha256", arguments: [
    ("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    ("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    ("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
  ])
  func mnistChecksum(_ file: String, _ expected: String) throws {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(assets)/mnist/\(file)")))
    #expect(SHA256.hex(bytes) == expected)
  }

  @Test func sha256KnownAnswers() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8))
      == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
      == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  // MARK: - Readers accept what they should

  @Test func plainAndGzipIDXReadTheSame() throws {
    let dir = try TempDir()
    let idx = idxFile(dims: [2, 3])
    let plain = try dir.write("plain.idx", idx)
    let gzipped = try dir.writeGzip("packed.idx.gz", idx)
    let a = try IDXArray.read(path: plain)
    let b = try IDXArray.read(path: gzipped)
    #expect(a == b)
    #expect(a.dims == [2, 3])
    #expect(a.bytes == [0, 1, 2, 3, 4, 5])
  }

  @Test func concatenatedGzipMembersAreJoined() throws {
    let dir = try TempDir()
    let first = try Data(contentsOf: URL(fileURLWithPath: dir.writeGzip("a.gz", Array("hello ".utf8))))
    let second = try Data(contentsOf: URL(fileURLWithPath: dir.writeGzip("b.gz", Array("world".utf8))))
    let both = try dir.write("both.gz", [UInt8](first + second))
    #expect(try GzipReader.read(path: both) == Array("hello world".utf8))
  }

  // MARK: - Readers reject what they should, naming the file

  @Test func missingFile() throws {
    let dir = try TempDir()
    let path = dir.path + "/nothing-here.gz"
    let error = try #require(engineError { _ = try GzipReader.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem == "no such file")
  }

  @Test func missingDatasetFileIsNamed() throws {
    let dir = try TempDir()
    let error = try #require(engineError {
      _ = try ImageDataset.load(.fashionMNIST, split: .test, assetsDirectory: dir.path)
    })
    #expect(error.subject == dir.path + "/fashion-mnist/t10k-images-idx3-ubyte.gz")
    #expect(error.problem == "no such file")
  }

  @Test func truncatedGzip() throws {
    let dir = try TempDir()
    let real = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(assets)/mnist/t10k-labels-idx1-ubyte.gz")))
    let path = try dir.write("half.gz", Array(real.prefix(real.count / 2)))
    let error = try #require(engineError { _ = try GzipReader.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem.hasPrefix("truncated or corrupt gzip stream"))
  }

  @Test func corruptGzip() throws {
    let dir = try TempDir()
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(assets)/mnist/t10k-labels-idx1-ubyte.gz")))
    for i in 1000..<1100 { bytes[i] ^= 0x5A }
    let path = try dir.write("corrupt.gz", bytes)
    let error = try #require(engineError { _ = try GzipReader.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem.hasPrefix("corrupt gzip data: "))
  }

  @Test func garbageAfterGzipData() throws {
    let dir = try TempDir()
    let gz = try Data(contentsOf: URL(fileURLWithPath: dir.writeGzip("a.gz", idxFile(dims: [4]))))
    let path = try dir.write("tail.gz", [UInt8](gz) + Array("junk".utf8))
    let error = try #require(engineError { _ = try GzipReader.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem.contains("4 unexpected bytes after the end"))
  }

  @Test func nonGzipGarbage() throws {
    let dir = try TempDir()
    let path = try dir.write("garbage.gz", Array("this is not a dataset, just some text\n".utf8))
    let error = try #require(engineError { _ = try IDXArray.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem.hasPrefix("not an IDX file: it starts with 0x74 0x68 0x69 0x73"))
  }

  @Test func emptyFile() throws {
    let dir = try TempDir()
    let path = try dir.write("empty", [])
    let error = try #require(engineError { _ = try IDXArray.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem.contains("empty"))
  }

  @Test func wrongMagic() throws {
    let dir = try TempDir()
    var bytes = idxFile(dims: [4])
    bytes[1] = 0x01
    let path = try dir.writeGzip("magic.gz", bytes)
    let error = try #require(engineError { _ = try IDXArray.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem.hasPrefix("not an IDX file: it starts with 0x00 0x01 0x08 0x01"))
  }

  @Test func wrongTypeByte() throws {
    let dir = try TempDir()
    let path = try dir.writeGzip("float.gz", idxFile(type: 0x0D, dims: [4]))
    let error = try #require(engineError { _ = try IDXArray.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem == "unsupported IDX element type 0x0D (32-bit float); only 0x08 (unsigned byte) is supported")
  }

  @Test func zeroDimensions() throws {
    let dir = try TempDir()
    let path = try dir.write("rank0", [0, 0, 8, 0])
    let error = try #require(engineError { _ = try IDXArray.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem.contains("dimension count"))
  }

  @Test func truncatedHeader() throws {
    let dir = try TempDir()
    let path = try dir.write("header", [0, 0, 8, 3, 0, 0, 0, 5, 0, 0])
    let error = try #require(engineError { _ = try IDXArray.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem == "truncated IDX header: it declares 3 dimensions, which need 16 header bytes, but the file has only 10 bytes")
  }

  @Test func payloadShorterThanDims() throws {
    let dir = try TempDir()
    let path = try dir.writeGzip("short.gz", idxFile(dims: [1000, 28, 28], payloadCount: 1234))
    let error = try #require(engineError { _ = try IDXArray.read(path: path, itemName: "images") })
    #expect(error.subject == path)
    #expect(error.problem == "truncated: header says 1,000 images of 28×28 (784,000 bytes) but only 1,234 bytes follow")
  }

  @Test func payloadLongerThanDims() throws {
    let dir = try TempDir()
    let path = try dir.write("long", idxFile(dims: [3, 4], payloadCount: 20))
    let error = try #require(engineError { _ = try IDXArray.read(path: path) })
    #expect(error.subject == path)
    #expect(error.problem == "trailing bytes: header says shape 3×4 (12 bytes) but 20 bytes follow (8 extra)")
  }

  @Test func labelCountDisagreesWithImageCount() throws {
    let dir = try TempDir()
    let (images, labels) = try dir.fakeDataset(imageDims: [3, 28, 28], labels: [1, 2])
    let error = try #require(engineError {
      _ = try ImageDataset.load(.mnist, split: .test, assetsDirectory: dir.path)
    })
    #expect(error.subject == labels)
    #expect(error.problem == "has 2 labels but \(images) has 3 images; the two counts must agree")
  }

  @Test func labelOutOfRange() throws {
    let dir = try TempDir()
    let (_, labels) = try dir.fakeDataset(imageDims: [3, 28, 28], labels: [1, 12, 2])
    let error = try #require(engineError {
      _ = try ImageDataset.load(.mnist, split: .test, assetsDirectory: dir.path)
    })
    #expect(error.subject == labels)
    #expect(error.problem.hasPrefix("label 12 at index 1 is out of range"))
  }

  @Test func imagesOfTheWrongSize() throws {
    let dir = try TempDir()
    let (images, _) = try dir.fakeDataset(imageDims: [2, 32, 32], labels: [1, 2])
    let error = try #require(engineError {
      _ = try ImageDataset.load(.mnist, split: .test, assetsDirectory: dir.path)
    })
    #expect(error.subject == images)
    #expect(error.problem == "expected 28×28 images but they are 32×32")
  }

  @Test func imagesFileThatIsReallyLabels() throws {
    let dir = try TempDir()
    let (images, _) = try dir.fakeDataset(imageDims: [5], labels: [1, 2, 3, 4, 5])
    let error = try #require(engineError {
      _ = try ImageDataset.load(.mnist, split: .test, assetsDirectory: dir.path)
    })
    #expect(error.subject == images)
    #expect(error.problem.hasPrefix("expected 3-D images (count×28×28) but the header has 1 dimension (5)"))
  }

  @Test func smallValidDatasetLoads() throws {
    let dir = try TempDir()
    _ = try dir.fakeDataset(imageDims: [3, 28, 28], labels: [9, 0, 9], kind: .fashionMNIST, split: .train)
    let data = try ImageDataset.load(.fashionMNIST, split: .train, assetsDirectory: dir.path)
    #expect(data.count == 3)
    #expect(data.labelHistogram == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2])
    #expect(data.classNames[Int(data.labels[0])] == "Ankle boot")
  }

  // MARK: - Finding the assets folder

  @Test func locatorPrefersExplicitThenEnvironmentThenCurrentFolder() throws {
    let dir = try TempDir()
    let a = try dir.fakeAssets("a") + "/assets"
    let b = try dir.fakeAssets("b") + "/assets"
    let c = try dir.fakeAssets("c")
    let exe = [try dir.fakeAssets("d") + "/.build/debug"]
    #expect(try AssetLocator.assetsDirectory(explicit: a + "/", environment: b, currentDirectory: c,
                                             executableDirectories: exe) == a)
    #expect(try AssetLocator.assetsDirectory(explicit: nil, environment: b, currentDirectory: c,
                                             executableDirectories: exe) == b)
    // A wrong $CONVSCOPE_ASSETS falls through to `./assets`, then to the executable's folders.
    #expect(try AssetLocator.assetsDirectory(explicit: nil, environment: dir.path + "/nope",
                                             currentDirectory: c, executableDirectories: exe) == c + "/assets")
    #expect(try AssetLocator.assetsDirectory(explicit: nil, environment: nil, currentDirectory: dir.path,
                                             executableDirectories: exe) == dir.path + "/d/assets")
  }

  @Test func locatorFindsAssetsNextToABuildFolder() throws {
    let dir = try TempDir()
    let root = try dir.fakeAssets("pkg")
    let triple = root + "/.build/x86_64-unknown-linux-gnu/debug"
    #expect(try AssetLocator.assetsDirectory(explicit: nil, environment: nil, currentDirectory: nil,
                                             executableDirectories: [triple]) == root + "/assets")
    #expect(try AssetLocator.assetsDirectory(explicit: nil, environment: nil, currentDirectory: nil,
                                             executableDirectories: [root + "/.build/debug"]) == root + "/assets")
  }

  @Test func locatorRejectsAWrongExplicitFolder() throws {
    let dir = try TempDir()
    let missing = dir.path + "/missing"
    let error = try #require(engineError {
      _ = try AssetLocator.assetsDirectory(explicit: missing, environment: nil, currentDirectory: nil,
                                           executableDirectories: [])
    })
    #expect(error.subject == missing)
    #expect(error.problem == "no such folder")
    let empty = try #require(engineError {
      _ = try AssetLocator.assetsDirectory(explicit: dir.path, environment: nil, currentDirectory: nil,
                                           executableDirectories: [])
    })
    #expect(empty.subject == dir.path)
    #expect(empty.problem.contains("mnist/t10k-labels-idx1-ubyte.gz is missing"))
  }

  @Test func locatorListsWhatItTried() throws {
    let dir = try TempDir()
    let error = try #require(engineError {
      _ = try AssetLocator.assetsDirectory(explicit: nil, environment: dir.path + "/env",
                                           currentDirectory: dir.path, executableDirectories: [dir.path + "/bin"])
    })
    #expect(error.subject == "assets")
    #expect(error.problem.contains(dir.path + "/env ($CONVSCOPE_ASSETS)"))
    #expect(error.problem.contains(dir.path + "/assets (current folder)"))
    #expect(error.problem.contains(dir.path + "/share/convscope/assets (next to the executable)"))
    #expect(error.problem.contains("--assets DIR"))
  }

  @Test func locatorFindsTheRealAssetsAndPackage() throws {
    #expect(try AssetLocator.assetsDirectory(explicit: assets) == assets)
    // The test runner lives under <root>/.build*/<triple>/debug, so this works from any cwd.
    #expect(AssetLocator.packageRoot() == Self.packageRoot)
    #expect(AssetLocator.normalized("/a/./b/../c//d/") == "/a/c/d")
    #expect(AssetLocator.normalized("../x/../../y") == "../../y")
    #expect(AssetLocator.normalized("/..") == "/")
  }

  // MARK: - Helpers

  /// `<package root>/assets`, found by walking up from this file to the folder with Package.swift.
  var assets: String { Self.packageRoot + "/assets" }

  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url.path
      }
      url.deleteLastPathComponent()
    }
    return "/package-root-not-found"
  }()
}

/// The error `body` throws, if it is an `EngineError`; any other outcome is recorded as a failure.
private func engineError(_ body: () throws -> Void,
                         sourceLocation: SourceLocation = #_sourceLocation) -> EngineError? {
  do {
    try body()
    Issue.record("expected an EngineError, but nothing was thrown", sourceLocation: sourceLocation)
  } catch let error as EngineError {
    return error
  } catch {
    Issue.record("expected an EngineError, got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

/// The sum of some bytes. Reads eight at a time because debug builds run plain loops slowly
/// and the training sets hold 47 million pixels.
private func byteSum(_ bytes: ArraySlice<UInt8>) -> Int {
  bytes.withUnsafeBytes { raw in
    var total = 0
    var offset = 0
    let lowBytes: UInt64 = 0x00FF_00FF_00FF_00FF
    while offset + 8 * 64 <= raw.count {
      // Add bytes pairwise into four 16-bit lanes; 64 words add at most 64·2·255 < 2^16 per lane.
      var lanes: UInt64 = 0
      for _ in 0..<64 {
        let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        lanes &+= (word & lowBytes) &+ ((word >> 8) & lowBytes)
        offset += 8
      }
      total += Int(lanes & 0xFFFF) + Int((lanes >> 16) & 0xFFFF)
        + Int((lanes >> 32) & 0xFFFF) + Int(lanes >> 48)
    }
    while offset < raw.count {
      total += Int(raw[offset])
      offset += 1
    }
    return total
  }
}

/// An IDX file: magic, big-endian dims, then `payloadCount` bytes (by default the product of
/// `dims`) counting 0, 1, 2, ….
private func idxFile(type: UInt8 = 0x08, dims: [Int], payloadCount: Int? = nil) -> [UInt8] {
  var bytes: [UInt8] = [0, 0, type, UInt8(dims.count)]
  for d in dims {
    bytes += [UInt8(truncatingIfNeeded: d >> 24), UInt8(truncatingIfNeeded: d >> 16),
              UInt8(truncatingIfNeeded: d >> 8), UInt8(truncatingIfNeeded: d)]
  }
  let count = payloadCount ?? dims.reduce(1, *)
  bytes += (0..<count).map { UInt8(truncatingIfNeeded: $0) }
  return bytes
}

/// A fresh temporary folder, removed when the value goes away.
private final class TempDir {
  let path: String

  init() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("convscope-data-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    path = url.path
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let file = path + "/" + name
    try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    return file
  }

  /// Writes `bytes` gzip-compressed through zlib's own gzip writer.
  @discardableResult
  func writeGzip(_ name: String, _ bytes: [UInt8]) throws -> String {
    let file = try write(name, [])
    guard let gz = gzopen(file, "wb") else { throw EngineError(file, "gzopen failed") }
    let written = bytes.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) }
    let closed = gzclose(gz)
    guard written == bytes.count, closed == Z_OK else { throw EngineError(file, "gzwrite failed") }
    return file
  }

  /// A dataset split under `<temp>/<kind>/`: gzip images with `imageDims` and gzip labels.
  func fakeDataset(imageDims: [Int], labels: [UInt8], kind: DatasetKind = .mnist,
                   split: DatasetSplit = .test) throws -> (images: String, labels: String) {
    let paths = ImageDataset.paths(kind, split: split, assetsDirectory: path)
    let base = path + "/"
    try writeGzip(String(paths.images.dropFirst(base.count)), idxFile(dims: imageDims))
    var labelFile = idxFile(dims: [labels.count], payloadCount: 0)
    labelFile += labels
    try writeGzip(String(paths.labels.dropFirst(base.count)), labelFile)
    return paths
  }

  /// `<temp>/<name>/assets/` holding the marker file the locator looks for; returns `<temp>/<name>`.
  func fakeAssets(_ name: String) throws -> String {
    try write("\(name)/assets/\(AssetLocator.markerFile)", [])
    try write("\(name)/Package.swift", [])
    return path + "/" + name
  }
}

/// A small SHA-256 (FIPS 180-4), enough to check the shipped files against the README.
private enum SHA256 {
  /// First 32 bits of the fractional parts of the cube roots of the first 64 primes
  /// (the definition in FIPS 180-4 §4.2.2); computed rather than typed in as a table.
  static let roundConstants: [UInt32] = firstPrimes(64).map { fractionBits(cbrt(Double($0))) }
  /// Likewise from the square roots of the first 8 primes (§5.3.3).
  static let initialHash: [UInt32] = firstPrimes(8).map { fractionBits(Double($0).squareRoot()) }

  static func hex(_ message: [UInt8]) -> String {
    var hash = initialHash
    let wholeBlocks = message.count / 64
    // Padding: 0x80, zeros up to 56 mod 64, then the message length in bits (big-endian).
    var tail = Array(message[(wholeBlocks * 64)...])
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    let bitCount = UInt64(message.count) * 8
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift)))
    }
    message.withUnsafeBytes { compress(&hash, $0, blocks: wholeBlocks) }
    tail.withUnsafeBytes { compress(&hash, $0, blocks: tail.count / 64) }
    return hash.map { word in
      let digits = String(word, radix: 16)
      return String(repeating: "0", count: 8 - digits.count) + digits
    }.joined()
  }

  private static func compress(_ hash: inout [UInt32], _ data: UnsafeRawBufferPointer, blocks: Int) {
    var w = [UInt32](repeating: 0, count: 64)
    var (h0, h1, h2, h3, h4, h5, h6, h7) = (hash[0], hash[1], hash[2], hash[3],
                                            hash[4], hash[5], hash[6], hash[7])
    roundConstants.withUnsafeBufferPointer { k in
      w.withUnsafeMutableBufferPointer { w in
        for block in 0..<blocks {
          for t in 0..<16 {
            w[t] = UInt32(bigEndian: data.loadUnaligned(fromByteOffset: block * 64 + t * 4, as: UInt32.self))
          }
          for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
          }
          var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
          for t in 0..<64 {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
          }
          h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
        }
      }
    }
    hash = [h0, h1, h2, h3, h4, h5, h6, h7]
  }

  private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

  private static func firstPrimes(_ n: Int) -> [Int] {
    var primes: [Int] = []
    var candidate = 2
    while primes.count < n {
      if !primes.contains(where: { candidate % $0 == 0 }) { primes.append(candidate) }
      candidate += 1
    }
    return primes
  }

  private static func fractionBits(_ x: Double) -> UInt32 {
    UInt32((x - x.rounded(.down)) * 4_294_967_296)
  }
}
