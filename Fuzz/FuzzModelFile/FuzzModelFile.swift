import ConvEngine
import FuzzSupport

/// The model-file reader (`*.convnet`): any text gives a checked model or an `EngineError`
/// naming the line, never a crash, a hang or a huge allocation (sizes are capped before the
/// shape check multiplies them).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
  if let spec = try? ModelFile.parse(text, source: "fuzz.convnet") {
    // A file that passes the check has a shape table (the summary) for sure.
    _ = try! spec.shapeTable()
  }
  return 0
}

@_cdecl("FuzzModelFile_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzModelFile)
}
