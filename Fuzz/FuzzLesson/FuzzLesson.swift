import ConvEngine
import ConvScopeApp
import FuzzSupport

/// The lesson and quiz markdown parsers (blocks, inline runs, links, sections, HTML comments,
/// quiz blocks) on any text, cleaned of control characters first as the lesson reader does.
/// A timeout here means a parser is not linear in its input.
///
/// Each run reads the text one way, as a lesson when its length in bytes is even and as a quiz
/// when it is odd: the two share the markdown and comment code, and parsing every text twice
/// (plus a second comment scan `Lesson` already makes) cost half the runs. The length decides
/// so that the text itself stays as the fuzzer wrote it; a one-byte change flips the parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLesson(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let text = String(decoding: fuzzBytes(data, size), as: UTF8.self).withoutControlCharacters
  if size % 2 == 0 {
    if let lesson = try? Lesson(id: "01-fuzz", text: text) { _ = lesson.actionLinks }
  } else {
    _ = try? Quiz(id: "01-fuzz", text: text)
  }
  return 0
}

@_cdecl("FuzzLesson_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzLesson)
}
