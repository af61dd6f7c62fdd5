import ConvEngine
import FuzzSupport

/// PNG through libpng's simplified API, then the digit preprocessing that Explore and `forward` apply to a photo
/// for LeNet-5 (a resize of the shorter side to 28 and a crop). Size limits are checked
/// before any pixel memory is allocated, so no input can ask for gigabytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = fuzzBytes(data, size)
  // Inputs always start with the format's magic bytes, so every run reaches this decoder.
  let magic: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
  let bytes = input.starts(with: magic) ? input : magic + input
  guard let image = try? RGBImage.decode(bytes, source: "fuzz") else { return 0 }
  _ = ImagePreprocessing.digit(from: image, size: 28)
  return 0
}

@_cdecl("FuzzPNG_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzPNG)
}
