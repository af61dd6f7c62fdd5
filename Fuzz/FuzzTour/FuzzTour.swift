import ConvEngine
import ConvScopeApp
import FuzzSupport

/// The tour reader (`lessons/tours/*.md`): step headings, the `<!-- name: value -->` directives
/// (lesson, show, advance, zoom, inspect, row, key), each step's workbench link and its tasks.
/// Any text gives a tour or an error naming its line, never a crash or a hang; a tour that
/// parses must also describe every step (what `convscope tour show` prints) and lay out its
/// pane text, since both run on whatever the file said.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTour(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let text = String(decoding: fuzzBytes(data, size), as: UTF8.self).withoutControlCharacters
  guard let tour = try? Tour(id: "fuzz", text: text) else { return 0 }
  for (index, step) in tour.steps.enumerated() {
    _ = step.summary(number: index + 1)
    _ = step.paneText(number: index + 1, of: tour.steps.count)
  }
  return 0
}

@_cdecl("FuzzTour_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzTour)
}
