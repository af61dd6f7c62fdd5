import FuzzSupport

/// PPM and PGM (P2, P3, P5, P6), then the digit preprocessing that Explore and `forward` apply to a photo
/// for LeNet-5 (a resize of the shorter side to 28 and a crop). Size limits are checked
/// before any pixel memory is allocated, so no input can ask for gigabytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNM(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = fuzzBytes(data, size)
  // The first byte picks the variant (P2, P3, P5, P6); the rest is the file after the magic.
  guard !input.isEmpty else { return 0 }
  let variant: [UInt8] = [0x32, 0x33, 0x35, 0x36]
  let bytes = [0x50, variant[Int(input[0]) % 4]] + input.dropFirst()
  decodeImage(bytes)
  return 0
}

@_cdecl("FuzzPNM_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzPNM)
}
