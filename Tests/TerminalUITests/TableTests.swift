import Testing

@testable import TerminalUI

@Suite struct TableTests {
  private let layers = Table(
    header: ["layer", "shape", "params"],
    rows: [
      ["conv1", "6×28×28", "156"], ["pool1", "6×14×14", "0"],
      ["conv2", "16×10×10", "2,416"], ["fc", "10", "850"],
    ],
    totals: ["total", "", "3,422"], highlightedRow: 2)

  @Test func highlightedRowTotalsAndRightAlignedNumbers() {
    let buffer = rendered(layers, width: 26, height: 6)
    #expect(
      buffer.snapshot() == """
        "layer  shape     params   "
        "conv1  6×28×28      156   "
        "pool1  6×14×14        0   "
        "conv2  16×10×10   2,416   "
        "fc     10           850   "
        "total             3,422   "
        """)
    #expect(
      buffer.styleSnapshot() == """
        0: 0-25 bold underline
        3: 0-25 reverse
        5: 0-25 bold
        """)
  }

  @Test func scrollingKeepsTheTotalsRowInView() {
    var table = layers
    table.offset = 1
    let buffer = rendered(table, width: 26, height: 4)
    #expect(
      buffer.snapshot() == """
        "layer  shape     params   "
        "pool1  6×14×14        0   "
        "conv2  16×10×10   2,416   "
        "total             3,422   "
        """)
    #expect(table.visibleRowCount(in: buffer.area) == 2)
  }

  @Test func offsetFollowsTheHighlightedRow() {
    #expect(Table.offset(keeping: 5, visible: 3, current: 0) == 3)
    #expect(Table.offset(keeping: 1, visible: 3, current: 2) == 1)
    #expect(Table.offset(keeping: 3, visible: 3, current: 2) == 2)
  }

  @Test func narrowAreasShrinkTheWidestColumnFirst() {
    let table = Table(
      header: ["name", "acc"], rows: [["lenet5-modern", "98.7%"], ["lenet5", "97.9%"]])
    #expect(
      rendered(table, width: 14, height: 3).snapshot() == """
        "name       acc"
        "lenet5…  98.7%"
        "lenet5   97.9%"
        """)
  }

  @Test(arguments: ["61,706", "-0.25", "1.2e-3", "87.5%", "3.1M", "10"])
  func numericCells(text: String) {
    #expect(Table.looksNumeric(text))
  }

  @Test(arguments: ["6×28×28", "conv1", "", "1.2.3"])
  func nonNumericCells(text: String) {
    #expect(!Table.looksNumeric(text))
  }

  /// Fitted to a width, the widest column gives way and its cut cells end in `…`; without a
  /// width nothing is cut.
  @Test func plainLinesFitAWidthByCuttingTheWidestColumn() {
    let table = Table(header: ["id", "title", "min"],
                      rows: [["01", "Convolution and feature maps", "8"], ["02", "Pooling", "7"]],
                      alignments: [.left, .left, .right])
    #expect(table.plainLines() == ["id  title                         min", "01  Convolution and feature maps    8",
                                   "02  Pooling                         7"])
    #expect(table.plainLines(width: 24) == ["id  title            min", "01  Convolution an…    8",
                                            "02  Pooling            7"])
    #expect(table.plainLines(width: 24).allSatisfy { $0.displayWidth <= 24 })
    #expect(table.plainLines(width: 200) == table.plainLines())
  }
}
