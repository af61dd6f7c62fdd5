import Testing
@testable import ConvEngine

/// The one number formatter every command and screen prints through, and the one set of
/// order statistics every benchmark reports.
@Suite("Number text and percentiles")
struct NumberFormatTests {
  @Test(arguments: [
    (0, "0"), (999, "999"), (1_000, "1,000"), (60_000, "60,000"), (-1_234_567, "-1,234,567"),
  ])
  func thousandsSeparator(_ n: Int, _ text: String) {
    #expect(NumberFormat.grouped(n) == text)
    #expect(n.grouped == text)
  }

  @Test func groupedWorksForEveryIntegerType() {
    #expect(UInt64(4_294_967_296).grouped == "4,294,967,296")
    #expect(Int32(-70_000).grouped == "-70,000")
  }

  @Test(arguments: [
    (0, "0 B"), (1_023, "1023 B"), (1_024, "1.0 KiB"), (18_816, "18.4 KiB"), (6_400, "6.2 KiB"),
    (1_048_576, "1.0 MiB"), (3 << 30, "3.0 GiB"),
  ])
  func bytes(_ n: Int, _ text: String) { #expect(NumberFormat.bytes(n) == text) }

  @Test(arguments: [(0.0, "0:00"), (83, "1:23"), (3_723, "1:02:03"), (-1, "--:--"), (.infinity, "--:--")])
  func clock(_ s: Double, _ text: String) { #expect(NumberFormat.clock(s) == text) }

  @Test(arguments: [(4.46, "4.5s"), (59.4, "59.4s"), (83, "1m23s"), (3_600, "60m00s")])
  func elapsed(_ s: Double, _ text: String) { #expect(NumberFormat.elapsed(s) == text) }

  @Test func spanPicksTheLargestSensibleUnit() {
    #expect(NumberFormat.span(0.25) == "250 ms")
    #expect(NumberFormat.span(48) == "48.0 s")
    #expect(NumberFormat.span(42.4, secondDecimals: 0) == "42 s")
    #expect(NumberFormat.span(0.25, secondDecimals: 0) == "0 s")
    #expect(NumberFormat.span(750) == "12.5 min")
    #expect(NumberFormat.span(12_240) == "3.4 h")
    #expect(NumberFormat.span(86_400 * 4.2) == "4.2 days")
    #expect(NumberFormat.span(86_400 * 112) == "112 days")
    #expect(NumberFormat.span(.nan) == "—")
  }

  @Test func percentAndRatio() {
    #expect(NumberFormat.percent(0.8734) == "87.3%")
    #expect(NumberFormat.percent(0.98765, decimals: 2) == "98.77%")
    #expect(NumberFormat.percent(0.12, decimals: 0) == "12%")
    #expect(NumberFormat.percent(.nan) == "--%")
    #expect(NumberFormat.ratio(1016.1) == "1,016×")
    #expect(NumberFormat.ratio(54.32) == "54.3×")
    #expect(NumberFormat.ratio(1.234) == "1.23×")
  }

  @Test func compactSignificantAndAbbreviated() {
    #expect(NumberFormat.compact(0.25) == "0.25")
    #expect(NumberFormat.compact(3e-5) == "3e-05")
    #expect(NumberFormat.compact(64.0) == "64")
    #expect(NumberFormat.compact(Float(0.01)) == "0.01")
    #expect(NumberFormat.significant(12_345) == "1.23e+04")
    #expect(NumberFormat.significant(0) == "0")
    #expect(NumberFormat.significant(-.infinity) == "-inf")
    #expect(NumberFormat.abbreviated(1_516) == "1,516")
    #expect(NumberFormat.abbreviated(250_000) == "250k")
    #expect(NumberFormat.abbreviated(37_752_832) == "37.8M")
    #expect(NumberFormat.abbreviated(1_200_000, unitSpace: true) == "1.2 M")
  }

  @Test func percentilesPickMeasuredValues() {
    let p = Percentiles((1...200).map(Double.init).reversed())
    #expect(p.min == 1)
    #expect(p.max == 200)
    #expect(p.median == 101)  // the upper of the two middle values
    #expect(p.p99 == 199)  // index ⌊200·99/100⌋ = 198
    #expect(p.mean == 100.5)
    let one = Percentiles([7])
    #expect([one.min, one.median, one.p99, one.max, one.mean] == [7, 7, 7, 7, 7])
    let none = Percentiles([])
    #expect([none.min, none.median, none.p99, none.max, none.mean] == [0, 0, 0, 0, 0])
  }

  @Test func imageNetClassNamesNeedAThousandLines() throws {
    let assets = try AssetLocator.assetsDirectory(explicit: nil)
    let names = try #require(ImageNetClasses.load(assets: assets))
    #expect(names.count == 1000)
    #expect(names[0] == "tench")
    #expect(ImageNetClasses.names(forClasses: 10, assets: assets) == DatasetKind.mnist.classNames)
    #expect(ImageNetClasses.names(forClasses: 7, assets: assets) == nil)
    #expect(ImageNetClasses.load(assets: "/nonexistent") == nil)
  }
}
