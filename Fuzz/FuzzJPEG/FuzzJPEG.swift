import FuzzSupport

/// JPEG: the stream checks, then libjpeg, then the digit preprocessing that Explore and `forward` apply to a photo
/// for LeNet-5 (a resize of the shorter side to 28 and a crop). Size limits are checked
/// before any pixel memory is allocated, so no input can ask for gigabytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  decodeImage(fuzzBytes(data, size), startingWith: [0xFF, 0xD8])
  return 0
}

@_cdecl("FuzzJPEG_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzJPEG)
}
