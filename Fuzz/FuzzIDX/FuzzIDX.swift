import ConvEngine
import FuzzSupport

/// The dataset reader: gzip inflation (with its output cap) and the IDX parser, as
/// `ImageDataset.load` runs them on `assets/mnist/*.gz`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  var bytes = fuzzBytes(data, size)
  if GzipReader.isGzip(bytes) {
    // A 64 MiB cap here (512 MiB in the app) keeps each run fast; the cap's code is the same.
    guard let inflated = try? GzipReader.inflate(bytes, path: "fuzz", limit: 64 << 20) else { return 0 }
    bytes = inflated
  }
  _ = try? IDXArray.parse(bytes, path: "fuzz", itemName: "images")
  return 0
}

@_cdecl("FuzzIDX_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzIDX)
}
