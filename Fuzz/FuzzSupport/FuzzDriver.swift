/// libFuzzer's entry point, taken over from SwiftPM.
///
/// SwiftPM links an executable target by renaming its `main` to `<Module>_main` and pointing
/// the real `main` at that symbol, which clashes with the `main` libFuzzer brings. Each fuzz
/// target therefore defines `<Module>_main` itself (with `@_cdecl`) and hands control to
/// libFuzzer's documented driver, `LLVMFuzzerRunDriver`, with its test function. The targets
/// are only in the package when `CONVSCOPE_FUZZ=1` (see Package.swift), so a normal build never
/// tries to link them without `-sanitize=fuzzer`.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ test: FuzzTest
) -> Int32

/// Runs libFuzzer with the process's arguments and `test`.
public func runFuzzer(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: FuzzTest
) -> Int32 {
  var count = argc
  var vector = argv
  return LLVMFuzzerRunDriver(&count, &vector, test)
}

/// The input as a byte array (libFuzzer passes nil for an empty input).
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
  guard let data, size > 0 else { return [] }
  return Array(UnsafeBufferPointer(start: data, count: size))
}
