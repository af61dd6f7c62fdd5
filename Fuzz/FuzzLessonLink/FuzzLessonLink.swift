import ConvScopeApp
import FuzzSupport

/// The parser of lessons' workbench links (`convscope:explore?model=…&layer=…`, `train?…`,
/// lesson and quiz links): any target text gives an action or a `LessonError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLessonLink(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
  _ = LessonLink.isActionTarget(text)
  _ = try? LessonLink(parsing: text)
  return 0
}

@_cdecl("FuzzLessonLink_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzLessonLink)
}
