import CJPEG
import CZlib
import Foundation
import Testing
@testable import ConvEngine
import TestSupport

/// Photo decoding (PPM/PGM, PNG, JPEG), the eval preprocessing and the AlexNet augmentation.
@Suite struct ImageTests {
  static let images = Fixtures.assets + "/images"

  /// sha256 of the shipped samples and originals, from the data README §3.
  static let sampleChecksums: [(String, String)] = [
    ("astronaut", "c179840622372b7fe3d36f31427677dc40948d68b78055ed4dc88b7feaecbed4"),
    ("chelsea", "0d78c3046cd3481b34fb5f83ea4cce0dccd04bf360efd7fc3d22b38bb4cba409"),
    ("china", "a2b052ef052e13b6417f497e42725b6c34252cb9eb70466c348d58c521a690d3"),
    ("coffee", "9b03af804b802ce541855a2fa6c346666954ea46cb7a2f33bddd6d0011809a67"),
    ("face", "8f019310b2c0b0daed3ec32a060d5460e9cea161e370a68b4280fe3c725311b0"),
    ("flower", "e61fa57b2b49f70e40310184c6718c915d1112685294ffd948de461b492bbd9b"),
    ("grace_hopper", "45611861ec59b70ee263351a6568b811ea67b1a1265e6291fb1f7f5ca605476e"),
    ("rocket", "869ab9c94d3a62d34dc976d0a5467aead64f4230ded416a715cba736fc3cde22"),
  ]

  /// Original file, width, height (README: "size as shipped", width first), sha256.
  static let originals: [(String, Int, Int, String)] = [
    ("astronaut.png", 512, 512, "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5"),
    ("chelsea.png", 451, 300, "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb"),
    ("china.jpg", 640, 427, "8378025ad2519d649d02e32bd98990db4ab572357d9f09841c2fbfbb4fefad29"),
    ("coffee.png", 600, 400, "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7"),
    ("face.png", 1024, 768, "0621d3b7dd723d663dfb7ec6ae9feae619de656998a73a9037f56e137d57d7c2"),
    ("flower.jpg", 640, 427, "a77f6ec41e353afdf8bdff2ea981b2955535d8d83294f8cfa49cf4e423dd5638"),
    ("grace_hopper.jpg", 512, 600, "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130"),
    ("rocket.jpg", 640, 427, "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c"),
  ]

  // MARK: - The shipped photos

  @Test("each NAME_227.ppm has the README's sha256 and decodes to 227×227 RGB", arguments: sampleChecksums)
  func samplePPM(_ name: String, _ sha256: String) throws {
    let path = "\(Self.images)/\(name)_227.ppm"
    let bytes = try fileBytes(path)
    #expect(SHA256Digest.hex(bytes) == sha256)
    let image = try RGBImage.read(path: path)
    #expect((image.width, image.height, image.channels) == (227, 227, 3))
    // README: the header is exactly "P6\n227 227\n255\n", then the raw RGB bytes.
    #expect(Array(bytes.prefix(15)) == Array("P6\n227 227\n255\n".utf8))
    #expect(image.pixels == Array(bytes.dropFirst(15)))
  }

  @Test func sha256KnownAnswers() {
    #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    // 56 bytes: the padding spills into a second block.
    #expect(SHA256Digest.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
      == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test("each original PNG/JPEG decodes to the README's size with a plausible mean", arguments: originals)
  func original(_ file: String, _ width: Int, _ height: Int, _ sha256: String) throws {
    let path = "\(Self.images)/originals/\(file)"
    #expect(SHA256Digest.hex(try fileBytes(path)) == sha256)
    let image = try RGBImage.read(path: path)
    #expect((image.width, image.height, image.channels) == (width, height, 3))
    // Real photos: neither black nor white nor flat.
    #expect((40.0...200.0).contains(image.meanValue), "mean \(image.meanValue)")
    #expect(Set(image.pixels).count > 200)
  }

  /// The samples were made with Pillow (bicubic to shorter side 256, centre crop 227). The eval
  /// pipeline follows the same convolution resampling, so it reproduces them exactly: measured
  /// mean absolute difference 0 for all eight. PNG decoding and the resampling are plain
  /// arithmetic, so those must match bit for bit; the JPEGs also depend on libjpeg-turbo's
  /// default IDCT and upsampling (bit-exact across its versions), so they get a hair of slack.
  @Test("the eval pipeline on an original reproduces the shipped 227×227 sample", arguments: originals)
  func evalPipelineMatchesSample(_ file: String, _ width: Int, _ height: Int, _ sha256: String) throws {
    let name = String(file.prefix { $0 != "." })
    let original = try RGBImage.read(path: "\(Self.images)/originals/\(file)")
    let reference = try RGBImage.read(path: "\(Self.images)/\(name)_227.ppm")
    let x = ImagePreprocessing.tensor(from: original, size: 227)
    #expect(x.shape == Shape(n: 1, c: 3, h: 227, w: 227))
    let seen = ImagePreprocessing.image(from: x, sample: 0)
    let difference = meanAbsoluteDifference(seen, reference)
    if file.hasSuffix(".png") {
      #expect(difference == 0, "\(file): mean |Δ| = \(difference) levels")
    } else {
      #expect(difference < 0.01, "\(file): mean |Δ| = \(difference) levels")
    }
  }

  @Test func preprocessedSamplePassesThroughWithoutResampling() throws {
    let sample = try RGBImage.read(path: "\(Self.images)/chelsea_227.ppm")
    #expect(ImagePreprocessing.evalImage(sample, size: 227) == sample)
    let x = ImagePreprocessing.tensor(from: sample, size: 227)
    #expect(ImagePreprocessing.image(from: x, sample: 0) == sample)
    // Spot-check the normalisation: (v/255 − mean) / std per channel.
    for (px, py) in [(0, 0), (100, 50), (226, 226)] {
      for c in 0..<3 {
        let expected = (Float(sample[x: px, y: py, channel: c]) / 255 - InputEncoder.imageNetMean[c])
          / InputEncoder.imageNetStd[c]
        #expect(abs(x[0, c, py, px] - expected) < 1e-5)
      }
    }
  }

  @Test func evalPipelineSizes() {
    #expect(ImagePreprocessing.shorterSide(forCrop: 224) == 256)
    #expect(ImagePreprocessing.shorterSide(forCrop: 227) == 256)
    #expect(ImagePreprocessing.shorterSide(forCrop: 299) == 342)  // 299·256/224 = 341.7
    let wide = RGBImage(width: 90, height: 60, channels: 3, pixels: (0..<(90 * 60 * 3)).map { UInt8($0 % 251) })
    #expect(ImagePreprocessing.tensor(from: wide, size: 64).shape == Shape(n: 1, c: 3, h: 64, w: 64))
    #expect(ImagePreprocessing.evalImage(wide, size: 299).width == 299)
    #expect(wide.resizedShorterSide(to: 256).width == 384)
    #expect(RGBImage(width: 300, height: 451, channels: 1).resizedShorterSide(to: 256).height == 385)
  }

  @Test func resizingAFlatImageKeepsItFlat() {
    let flat = RGBImage(width: 37, height: 23, channels: 3, pixels: [UInt8](repeating: 0, count: 37 * 23)
      .flatMap { _ in [200, 17, 96] as [UInt8] })
    for (w, h) in [(10, 7), (80, 50), (37, 5)] {
      let resized = flat.resized(width: w, height: h)
      #expect((resized.width, resized.height) == (w, h))
      #expect(resized.pixels == [UInt8]([200, 17, 96]).repeated(w * h))
    }
  }

  // MARK: - Gray images

  @Test func pgmIsReplicatedToThreeChannels() throws {
    let directory = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let values = (0..<(16 * 16)).map { UInt8($0) }
    let path = directory + "/gray.pgm"
    try Data(Array("P5\n# a comment\n16 16\n255\n".utf8) + values).write(to: URL(fileURLWithPath: path))
    let gray = try RGBImage.read(path: path)
    #expect((gray.width, gray.height, gray.channels) == (16, 16, 1))
    #expect(gray.pixels == values)
    let rgb = gray.grayscaleToRGB()
    #expect(rgb.channels == 3)
    #expect(rgb.pixels == values.flatMap { [$0, $0, $0] })
    // Already 16×16, so the pipeline only expands and normalises.
    let x = ImagePreprocessing.tensor(from: gray, size: 16)
    #expect(ImagePreprocessing.image(from: x, sample: 0) == rgb)
  }

  @Test func grayPNGIsReplicatedToThreeChannels() throws {
    let values = (0..<(12 * 5)).map { UInt8($0 * 4) }
    let png = makePNG(width: 12, height: 5, colourType: 0, bitDepth: 8, rows: values)
    let gray = try RGBImage.decode(png, source: "gray.png")
    #expect((gray.width, gray.height, gray.channels) == (12, 5, 1))
    #expect(gray.pixels == values)
    #expect(ImagePreprocessing.evalImage(gray, size: 5).pixels.count == 5 * 5 * 3)
    #expect(gray.grayscaleToRGB().pixels == values.flatMap { [$0, $0, $0] })
  }

  @Test func pngVariantsBecomeEightBitGrayOrRGB() throws {
    // 16-bit gray without gAMA: scaled to 8 bits, not gamma-encoded as if linear light.
    let sixteen: [UInt8] = [0x00, 0x00, 0x40, 0x00, 0x80, 0x80, 0xFF, 0xFF]
    let deep = try RGBImage.decode(makePNG(width: 4, height: 1, colourType: 0, bitDepth: 16, rows: sixteen), source: "16.png")
    #expect(deep.channels == 1)
    #expect(deep.pixels[0] == 0 && deep.pixels[3] == 255)
    #expect((63...65).contains(deep.pixels[1]), "0x4000 became \(deep.pixels[1])")
    #expect((127...129).contains(deep.pixels[2]))

    // Palette with a transparent entry: expanded to RGB, alpha dropped, colours kept.
    let palette = makePNG(width: 2, height: 1, colourType: 3, bitDepth: 8, rows: [0, 1],
                          palette: [255, 0, 0, 0, 0, 255], transparency: [255, 0])
    let expanded = try RGBImage.decode(palette, source: "palette.png")
    #expect(expanded.channels == 3)
    #expect(expanded.pixels == [255, 0, 0, 0, 0, 255])

    // RGBA and gray+alpha: the alpha channel is stripped.
    let rgba = try RGBImage.decode(makePNG(width: 2, height: 1, colourType: 6, bitDepth: 8,
                                           rows: [10, 20, 30, 255, 40, 50, 60, 128]), source: "rgba.png")
    #expect(rgba.channels == 3 && rgba.pixels == [10, 20, 30, 40, 50, 60])
    let grayAlpha = try RGBImage.decode(makePNG(width: 2, height: 1, colourType: 4, bitDepth: 8,
                                                rows: [77, 255, 99, 255]), source: "ga.png")
    #expect(grayAlpha.channels == 1 && grayAlpha.pixels == [77, 99])

    // 1-bit gray: widened to 0/255.
    let bits = try RGBImage.decode(makePNG(width: 8, height: 1, colourType: 0, bitDepth: 1, rows: [0b1010_0000]), source: "1.png")
    #expect(bits.pixels == [255, 0, 255, 0, 0, 0, 0, 0])
  }

  @Test func asciiPNMWithComments() throws {
    let p3 = Array("P3\n# made by hand\n2 1 # width height\n15\n15 0 0   0 15 5\n".utf8)
    let colour = try RGBImage.decode(p3, source: "a.ppm")
    #expect((colour.width, colour.height, colour.channels) == (2, 1, 3))
    #expect(colour.pixels == [255, 0, 0, 0, 255, 85])  // scaled from maxval 15
    let p2 = Array("P2 3 1 255 0 128 255".utf8)
    #expect(try RGBImage.decode(p2, source: "a.pgm").pixels == [0, 128, 255])
    let wide = Array("P5 2 1 65535\n".utf8) + [0xFF, 0xFF, 0x80, 0x00]
    #expect(try RGBImage.decode(wide, source: "b.pgm").pixels == [255, 128])
  }

  @Test func jpegVariantsDecode() throws {
    let source = try RGBImage.read(path: "\(Self.images)/chelsea_227.ppm").cropped(x: 40, y: 60, width: 64, height: 48)
    let gray = RGBImage(width: 64, height: 48, channels: 1,
                        pixels: stride(from: 0, to: source.pixels.count, by: 3).map { source.pixels[$0 + 1] })
    for image in [source, gray] {
      for (progressive, restart) in [(false, 0), (true, 0), (false, 3)] as [(Bool, UInt32)] {
        let jpeg = encodeJPEG(image, progressive: progressive, restartInterval: restart)
        let decoded = try RGBImage.decode(jpeg, source: "test.jpg")
        #expect((decoded.width, decoded.height, decoded.channels) == (64, 48, image.channels))
        // Quality 95: close to the original, not bit-exact.
        #expect(meanAbsoluteDifference(decoded, image) < 3, "progressive \(progressive), restart \(restart)")
      }
    }
  }

  @Test func cmykJPEGIsRefusedWithAHint() throws {
    let rgb = RGBImage(width: 16, height: 8, channels: 3, pixels: (0..<(16 * 8 * 3)).map { UInt8($0 % 256) })
    let error = try thrownError(writing: encodeJPEG(rgb, progressive: false, restartInterval: 0, cmyk: true), name: "cmyk.jpg")
    #expect(error?.problem == "CMYK/YCCK JPEG is not supported; convert it to RGB")
  }

  // MARK: - Refusing bad files

  @Test func missingFile() {
    let directory = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/no-such-photo.png"
    let error = thrownError { try RGBImage.read(path: path) }
    #expect(error?.subject == path)
    #expect(error?.problem == "no such file", "\(String(describing: error))")
  }

  @Test func randomBytesAndEmptyFiles() throws {
    var rng = SplitMix64(seed: 7)
    let noise = (0..<1000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    let error = try thrownError(writing: noise, name: "noise.png")
    #expect(error?.problem.hasPrefix("not a PPM, PGM, PNG or JPEG image") == true, "\(String(describing: error))")
    let empty = try thrownError(writing: [], name: "empty.ppm")
    #expect(empty?.problem.contains("empty") == true)
    let bitmap = try thrownError(writing: Array("P4 8 1\n\u{0}".utf8), name: "bits.pbm")
    #expect(bitmap?.problem.contains("PBM") == true)
  }

  @Test func truncatedAndCorruptPNG() throws {
    let png = try fileBytes("\(Self.images)/originals/chelsea.png")
    let truncated = try thrownError(writing: Array(png.prefix(png.count / 2)), name: "half.png")
    #expect(truncated?.problem.hasPrefix("truncated or corrupt PNG data (libpng:") == true, "\(String(describing: truncated))")

    // One flipped byte inside the first IDAT chunk's data: libpng's CRC check catches it.
    var damaged = png
    guard let idat = find(Array("IDAT".utf8), in: png) else { Issue.record("no IDAT"); return }
    damaged[idat + 100] ^= 0x55
    let corrupt = try thrownError(writing: damaged, name: "damaged.png")
    #expect(corrupt?.problem.hasPrefix("truncated or corrupt PNG data") == true, "\(String(describing: corrupt))")

    var badSignature = png
    badSignature[5] = 0
    let signature = try thrownError(writing: badSignature, name: "signature.png")
    #expect(signature?.problem.hasPrefix("not a readable PNG") == true, "\(String(describing: signature))")
  }

  @Test func truncatedAndCorruptJPEG() throws {
    let jpeg = try fileBytes("\(Self.images)/originals/rocket.jpg")
    let half = Array(jpeg.prefix(jpeg.count / 2))
    let truncated = try thrownError(writing: half, name: "half.jpg")
    #expect(truncated?.problem == "truncated JPEG data: the file ends inside the compressed image data",
            "\(String(describing: truncated))")

    // Cut in the headers, before any image data.
    let header = try thrownError(writing: Array(jpeg.prefix(300)), name: "header.jpg")
    #expect(header?.problem.hasPrefix("truncated JPEG data") == true, "\(String(describing: header))")

    // Half the image data followed by a proper end marker gets past the stream checks; libjpeg
    // then runs out of data mid-scan, warns and fills with grey, and that warning is the error.
    let patched = try thrownError(writing: half + [0xFF, 0xD9], name: "patched.jpg")
    #expect(patched?.problem == "truncated or corrupt JPEG data (libjpeg: Corrupt JPEG data: premature end of data segment)",
            "\(String(describing: patched))")
  }

  /// Header damage that would make libjpeg call error_exit (which Swift cannot survive) must be
  /// caught by the stream checks and come back as an error instead.
  @Test func jpegHeaderProblemsAreRefusedBeforeLibjpegSeesThem() throws {
    let jpeg = try fileBytes("\(Self.images)/originals/rocket.jpg")
    // rocket.jpg: APP0, APP2, COM, 2×DQT, SOF0, 4×DHT (the first: DC table 0), SOS.
    guard let sof = markerOffset(0xC0, in: jpeg), let dht = markerOffset(0xC4, in: jpeg),
          let sos = markerOffset(0xDA, in: jpeg)
    else { Issue.record("rocket.jpg lacks SOF0/DHT/SOS"); return }

    func problem(_ edit: (inout [UInt8]) -> Void) throws -> String {
      var bytes = jpeg
      edit(&bytes)
      return try thrownError(writing: bytes, name: "edited.jpg")?.problem ?? "(no error)"
    }
    #expect(try problem { $0[sof + 4] = 12 }.hasPrefix("12-bit JPEG is not supported"))
    #expect(try problem { $0[sof + 1] = 0xC3 }.hasPrefix("lossless JPEG is not supported"))
    #expect(try problem { $0[sof + 1] = 0xC9 }.hasPrefix("arithmetic-coded JPEG is not supported"))
    #expect(try problem { $0[sof + 5] = 0; $0[sof + 6] = 0 }.contains("size 640×0"))
    #expect(try problem { $0[sof + 11] = 0x55 }.contains("sampling factors 5×5"))
    // Code-length counts 0,1,4,… → 2,0,3,…: same number of codes, but two 1-bit codes leave
    // none free for the longer ones (libjpeg's table builder would call error_exit).
    #expect(try problem { $0[dht + 5] = 2; $0[dht + 6] = 0; $0[dht + 7] = 3 }
      == "corrupt JPEG data: DC Huffman table 0 is malformed")
    #expect(try problem { $0[sos + 5] = 99 }.contains("component id 99"))
    #expect(try problem { $0.insert(contentsOf: [0xFF, 0xD8], at: sof) }.contains("second start-of-image"))
    #expect(try problem { $0[sof + 1] = 0xF3 }.contains("unknown marker 0xFFF3"))
    // FF 40 in the middle of the compressed data: libjpeg would stop there and then fail on the
    // unknown marker.
    #expect(try problem { $0.insert(contentsOf: [0xFF, 0x40], at: $0.count / 2) }
      == "corrupt JPEG data: a stray marker 0xFF40 inside the compressed image data")
  }

  @Test func badPPMHeaderAndShortPixelData() throws {
    let header = try thrownError(writing: Array("P6\n227 x\n255\n".utf8) + [UInt8](repeating: 0, count: 30), name: "bad.ppm")
    #expect(header?.problem == "bad P6 PPM header: expected the height (a number), found 'x'")

    let noMaxval = try thrownError(writing: Array("P5 4 4".utf8), name: "short.pgm")
    #expect(noMaxval?.problem == "bad P5 PGM header: the file ends before the maxval")

    let short = try thrownError(writing: Array("P6\n4 4\n255\n".utf8) + [UInt8](repeating: 9, count: 10), name: "short.ppm")
    #expect(short?.problem == "truncated: the header promises 4×4 pixels (48 bytes of pixel data) but only 10 bytes follow it")

    let tooBig = try thrownError(writing: Array("P2 2 1 15 3 16".utf8), name: "big.pgm")
    #expect(tooBig?.problem == "a sample value (16) exceeds the maxval (15)")

    let zero = try thrownError(writing: Array("P6 0 5 255\n".utf8), name: "zero.ppm")
    #expect(zero?.problem == "bad P6 PPM header: the image size is 0×5")
  }

  // MARK: - Writing

  @Test func writePPMRoundTrips() throws {
    let directory = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let colour = try RGBImage.read(path: "\(Self.images)/coffee_227.ppm")
    let gray = RGBImage(width: 5, height: 3, channels: 1, pixels: (0..<15).map { UInt8($0 * 17) })
    for (image, name, header) in [(colour, "colour.ppm", "P6\n227 227\n255\n"), (gray, "gray.pgm", "P5\n5 3\n255\n")] {
      let path = directory + "/" + name
      try RGBImage(width: 1, height: 1, channels: 3).writePPM(path: path)  // something to replace
      try image.writePPM(path: path)
      #expect(try RGBImage.read(path: path) == image)
      #expect(Array(try fileBytes(path).prefix(header.utf8.count)) == Array(header.utf8))
    }
    // Only the two files: no temporary files left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["colour.ppm", "gray.pgm"])

    let nowhere = directory + "/missing-folder/x.ppm"
    let error = thrownError { try gray.writePPM(path: nowhere) }
    #expect(error?.subject == nowhere)
    #expect(error?.problem.hasPrefix("could not write") == true)
  }

  // MARK: - Augmentation

  /// A 256×256 image whose pixel (x, y) is (x, y, 7), so any crop tells where it came from.
  static let coordinates: RGBImage = {
    var image = RGBImage(width: 256, height: 256, channels: 3)
    for y in 0..<256 {
      for x in 0..<256 {
        image[x: x, y: y, channel: 0] = UInt8(x)
        image[x: x, y: y, channel: 1] = UInt8(y)
        image[x: x, y: y, channel: 2] = 7
      }
    }
    return image
  }()

  @Test func randomCropsComeFromInsideTheImage() {
    let crop = Augmentation(randomCrop: true, flip: false, pcaColor: nil)
    var origins = Set<[Int]>()
    for seed in 0..<40 {
      var rng = SplitMix64(seed: UInt64(seed))
      let out = crop.apply(to: Self.coordinates, size: 200, rng: &rng)
      #expect((out.width, out.height) == (200, 200))
      let x0 = Int(out[x: 0, y: 0, channel: 0]), y0 = Int(out[x: 0, y: 0, channel: 1])
      #expect(x0 + 200 <= 256 && y0 + 200 <= 256)
      #expect(out == Self.coordinates.cropped(x: x0, y: y0, width: 200, height: 200))
      origins.insert([x0, y0])
    }
    #expect(origins.count > 30)  // the position really varies
  }

  @Test func flipsAreExactMirrorImages() {
    let flip = Augmentation(randomCrop: false, flip: true, pcaColor: nil)
    let mirror = Self.coordinates.flippedHorizontally()
    for y in [0, 100, 255] {
      for x in [0, 3, 255] {
        #expect(mirror[x: x, y: y, channel: 0] == UInt8(255 - x))
        #expect(mirror[x: x, y: y, channel: 1] == UInt8(y))
      }
    }
    #expect(mirror.flippedHorizontally() == Self.coordinates)
    var flipped = 0
    for seed in 0..<40 {
      var rng = SplitMix64(seed: UInt64(seed))
      let out = flip.apply(to: Self.coordinates, size: 256, rng: &rng)
      #expect(out == Self.coordinates || out == mirror)
      if out == mirror { flipped += 1 }
    }
    #expect((8...32).contains(flipped), "flipped \(flipped) of 40")
  }

  @Test func cropsFromASampleAreNotResampled() throws {
    let sample = try RGBImage.read(path: "\(Self.images)/flower_227.ppm")
    var rng = SplitMix64(seed: 11)
    let out = Augmentation(randomCrop: true, flip: false, pcaColor: nil).apply(to: sample, size: 224, rng: &rng)
    let matches = (0...3).flatMap { y in (0...3).map { x in (x, y) } }
      .filter { sample.cropped(x: $0.0, y: $0.1, width: 224, height: 224) == out }
    #expect(matches.count == 1)
    // Without a random crop it is the centre crop, like evaluation.
    var other = SplitMix64(seed: 1)
    #expect(Augmentation.off.apply(to: sample, size: 224, rng: &other) == sample.centreCropped(width: 224, height: 224))
  }

  @Test func pcaColourWithZeroWeightsIsTheIdentity() throws {
    let sample = try RGBImage.read(path: "\(Self.images)/china_227.ppm")
    #expect(PCAColor.imageNet.apply(to: sample, alphas: [0, 0, 0]) == sample)
    // One unit of the first component moves every pixel by 255·λ₁·p₁ (rounded, clamped).
    let grey = RGBImage(width: 2, height: 2, channels: 3, pixels: [UInt8](repeating: 128, count: 12))
    let shifted = PCAColor.imageNet.apply(to: grey, alphas: [1, 0, 0])
    for c in 0..<3 {
      let expected = (128 + 255 * 0.2175 * PCAColor.imageNet.eigenvectors[0][c]).rounded()
      #expect(Float(shifted[x: 1, y: 1, channel: c]) == expected)
    }
  }

  @Test func sameSeedSameAugmentation() throws {
    let photo = try RGBImage.read(path: "\(Self.images)/originals/chelsea.png")
    var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
    let first = Augmentation.alexNet.apply(to: photo, size: 224, rng: &a)
    let second = Augmentation.alexNet.apply(to: photo, size: 224, rng: &b)
    let third = Augmentation.alexNet.apply(to: photo, size: 224, rng: &c)
    #expect((first.width, first.height, first.channels) == (224, 224, 3))
    #expect(first == second)
    #expect(first != third)
    // A gray input comes out as RGB.
    var d = SplitMix64(seed: 5)
    let gray = RGBImage(width: 240, height: 240, channels: 1, pixels: [UInt8](repeating: 90, count: 240 * 240))
    #expect(Augmentation.alexNet.apply(to: gray, size: 224, rng: &d).channels == 3)
  }

  @Test func imageNetPCAConstantsAreOrthonormal() {
    let p = PCAColor.imageNet.eigenvectors
    for i in 0..<3 {
      for j in 0..<3 {
        let dot = (0..<3).reduce(Float(0)) { $0 + p[i][$1] * p[j][$1] }
        #expect(abs(dot - (i == j ? 1 : 0)) < 2e-3, "p\(i)·p\(j) = \(dot)")
      }
    }
  }

  @Test func pcaFitRecoversAKnownCovariance() {
    // Gray pixels vary only along (1, 1, 1): one eigenvalue 3σ², the others 0.
    var rng = SplitMix64(seed: 3)
    let values = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) }
    let fit = PCAColor.fit(images: [RGBImage(width: 64, height: 64, channels: 1, pixels: values)])
    let v = values.map { Double($0) / 255 }
    let mean = v.reduce(0, +) / Double(v.count)
    let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
    #expect(abs(Double(fit.eigenvalues[0]) - 3 * variance) < 1e-5)
    #expect(fit.eigenvalues[1] < 1e-6 && fit.eigenvalues[2] < 1e-6)
    for c in 0..<3 { #expect(abs(fit.eigenvectors[0][c] - 1 / Float(3).squareRoot()) < 1e-4) }

    let (eigenvalues, _) = PCAColor.eigenDecomposition(symmetric: [[2, 1, 0], [1, 2, 0], [0, 0, 5]])
    #expect(zip(eigenvalues, [5.0, 3, 1]).allSatisfy { abs($0 - $1) < 1e-12 })
  }

  @Test func pcaFitOnTheSamplesLooksLikeImageNet() throws {
    let samples = try Self.sampleChecksums.map { try RGBImage.read(path: "\(Self.images)/\($0.0)_227.ppm") }
    let fit = PCAColor.fit(images: samples)
    // Natural photos: most colour variance is brightness, along ≈ (1, 1, 1)/√3 like ImageNet's p₁.
    #expect(fit.eigenvalues[0] > fit.eigenvalues[1] && fit.eigenvalues[1] >= fit.eigenvalues[2])
    #expect((0.05...0.5).contains(fit.eigenvalues[0]), "λ₁ = \(fit.eigenvalues[0])")
    let cosine = (0..<3).reduce(Float(0)) { $0 + fit.eigenvectors[0][$1] * PCAColor.imageNet.eigenvectors[0][$1] }
    #expect(abs(cosine) > 0.95, "cos = \(cosine)")
  }
}

// MARK: - Helpers

private func fileBytes(_ path: String) throws -> [UInt8] {
  try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
}

/// The EngineError `body` throws, or nil (recording an issue) if it throws nothing or another error.
private func thrownError<T>(_ body: () throws -> T) -> EngineError? {
  do {
    _ = try body()
    Issue.record("expected an EngineError, got a result")
  } catch let error as EngineError {
    return error
  } catch {
    Issue.record("expected an EngineError, got \(error)")
  }
  return nil
}

/// Writes `bytes` to a fresh file, reads it as an image and returns the error (whose subject
/// must be the path).
private func thrownError(writing bytes: [UInt8], name: String) throws -> EngineError? {
  let directory = Fixtures.temporaryDirectory()
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let path = directory + "/" + name
  try Data(bytes).write(to: URL(fileURLWithPath: path))
  let error = thrownError { try RGBImage.read(path: path) }
  #expect(error?.subject == path)
  return error
}

private func meanAbsoluteDifference(_ a: RGBImage, _ b: RGBImage) -> Double {
  guard a.pixels.count == b.pixels.count else { return .infinity }
  var total = 0
  for i in 0..<a.pixels.count { total += abs(Int(a.pixels[i]) - Int(b.pixels[i])) }
  return Double(total) / Double(a.pixels.count)
}

/// Where the first segment with `marker` starts in a JPEG's headers (walking segment lengths,
/// so bytes inside APPn data are never mistaken for markers).
private func markerOffset(_ marker: UInt8, in jpeg: [UInt8]) -> Int? {
  var p = 2
  while p + 4 <= jpeg.count && jpeg[p] == 0xFF {
    if jpeg[p + 1] == marker { return p }
    if jpeg[p + 1] == 0xDA { return nil }
    p += 2 + (Int(jpeg[p + 2]) << 8 | Int(jpeg[p + 3]))
  }
  return nil
}

private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
  guard haystack.count >= needle.count else { return nil }
  return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
}

extension Array {
  fileprivate func repeated(_ times: Int) -> [Element] { (0..<times).flatMap { _ in self } }
}

/// A minimal PNG writer (filter 0 on every row, zlib from CZlib), so tests can make exactly the
/// colour types and bit depths they need.
private func makePNG(width: Int, height: Int, colourType: UInt8, bitDepth: UInt8, rows: [UInt8],
                     palette: [UInt8]? = nil, transparency: [UInt8]? = nil) -> [UInt8] {
  let rowBytes = rows.count / height
  var raw: [UInt8] = []
  for y in 0..<height { raw.append(0); raw += rows[(y * rowBytes)..<((y + 1) * rowBytes)] }
  var packedSize = compressBound(uLong(raw.count))
  var packed = [UInt8](repeating: 0, count: Int(packedSize))
  _ = compress(&packed, &packedSize, raw, uLong(raw.count))
  packed.removeLast(packed.count - Int(packedSize))

  func bigEndian(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
  func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
    return bigEndian(data.count) + body + bigEndian(Int(crc))
  }
  var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
  png += chunk("IHDR", bigEndian(width) + bigEndian(height) + [bitDepth, colourType, 0, 0, 0])
  if let palette { png += chunk("PLTE", palette) }
  if let transparency { png += chunk("tRNS", transparency) }
  png += chunk("IDAT", packed)
  png += chunk("IEND", [])
  return png
}

/// Encodes with libjpeg at quality 95 (4:2:0 for colour), optionally progressive or with
/// restart markers, to exercise those decoder paths.
private func encodeJPEG(_ image: RGBImage, progressive: Bool, restartInterval: UInt32, cmyk: Bool = false) -> [UInt8] {
  let info = UnsafeMutablePointer<jpeg_compress_struct>.allocate(capacity: 1)
  info.initialize(to: jpeg_compress_struct())
  let errors = UnsafeMutablePointer<jpeg_error_mgr>.allocate(capacity: 1)
  errors.initialize(to: jpeg_error_mgr())
  defer { errors.deallocate(); info.deallocate() }
  info.pointee.err = jpeg_std_error(errors)
  jpeg_CreateCompress(info, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
  defer { jpeg_destroy_compress(info) }
  var buffer: UnsafeMutablePointer<UInt8>?
  var size: UInt = 0
  jpeg_mem_dest(info, &buffer, &size)
  info.pointee.image_width = JDIMENSION(image.width)
  info.pointee.image_height = JDIMENSION(image.height)
  // CMYK: the RGB samples plus K = 0 per pixel.
  let components = cmyk ? 4 : image.channels
  info.pointee.input_components = Int32(components)
  info.pointee.in_color_space = cmyk ? JCS_CMYK : image.channels == 3 ? JCS_RGB : JCS_GRAYSCALE
  jpeg_set_defaults(info)
  jpeg_set_quality(info, 95, 1)
  if progressive { jpeg_simple_progression(info) }
  info.pointee.restart_interval = restartInterval
  jpeg_start_compress(info, 1)
  var pixels = cmyk ? stride(from: 0, to: image.pixels.count, by: 3).flatMap { Array(image.pixels[$0..<($0 + 3)]) + [0] }
    : image.pixels
  pixels.withUnsafeMutableBufferPointer { px in
    while info.pointee.next_scanline < info.pointee.image_height {
      var row: JSAMPROW? = px.baseAddress.map { $0 + Int(info.pointee.next_scanline) * image.width * components }
      jpeg_write_scanlines(info, &row, 1)
    }
  }
  jpeg_finish_compress(info)
  let bytes = buffer.map { Array(UnsafeBufferPointer(start: $0, count: Int(size))) } ?? []
  free(buffer)
  return bytes
}

/// SHA-256 (FIPS 180-4) for checking the shipped files against the README.
private enum SHA256Digest {
  /// K: the first 32 fractional bits of the cube roots of the first 64 primes (FIPS 180-4 §4.2.2).
  static let k: [UInt32] = primes(64).map { fraction(cbrt(Double($0))) }
  /// H⁽⁰⁾: likewise from the square roots of the first 8 primes (§5.3.3).
  static let h0: [UInt32] = primes(8).map { fraction(Double($0).squareRoot()) }

  static func hex(_ message: [UInt8]) -> String {
    var padded = message + [0x80]
    padded += [UInt8](repeating: 0, count: (120 - padded.count % 64) % 64)
    let bits = UInt64(message.count) * 8
    padded += (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
    var h = h0
    var w = [UInt32](repeating: 0, count: 64)
    for block in stride(from: 0, to: padded.count, by: 64) {
      for t in 0..<16 {
        let i = block + 4 * t
        w[t] = UInt32(padded[i]) << 24 | UInt32(padded[i + 1]) << 16 | UInt32(padded[i + 2]) << 8 | UInt32(padded[i + 3])
      }
      for t in 16..<64 {
        let s0 = rotate(w[t - 15], 7) ^ rotate(w[t - 15], 18) ^ (w[t - 15] >> 3)
        let s1 = rotate(w[t - 2], 17) ^ rotate(w[t - 2], 19) ^ (w[t - 2] >> 10)
        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
      }
      var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
      for t in 0..<64 {
        let t1 = hh &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
        let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
      }
      for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
    }
    return h.map { String(format: "%08x", $0) }.joined()
  }

  private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

  private static func primes(_ count: Int) -> [Int] {
    var found: [Int] = []
    var n = 2
    while found.count < count {
      if found.allSatisfy({ n % $0 != 0 }) { found.append(n) }
      n += 1
    }
    return found
  }

  private static func fraction(_ x: Double) -> UInt32 { UInt32((x - x.rounded(.down)) * 4_294_967_296) }
}
