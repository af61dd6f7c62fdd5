import Testing

@testable import TerminalUI

@Suite struct RectTests {
  @Test func intersectionOfOverlappingAndDisjointRects() {
    let a = Rect(x: 0, y: 0, width: 10, height: 5)
    let overlap = a.intersection(Rect(x: 5, y: 2, width: 10, height: 10))
    #expect(overlap == Rect(x: 5, y: 2, width: 5, height: 3))
    #expect(a.intersection(Rect(x: 20, y: 0, width: 3, height: 3)).isEmpty)
  }

  @Test func insetNeverGoesNegative() {
    let r = Rect(x: 2, y: 3, width: 4, height: 2)
    #expect(r.inset(by: 1) == Rect(x: 3, y: 4, width: 2, height: 0))
    #expect(r.inset(by: 5).width == 0)
    #expect(r.inset(by: 5).height == 0)
    #expect(Rect(x: 0, y: 0, width: -3, height: 2).isEmpty)
  }

  @Test func centeredPutsOddSlackRightAndDown() {
    let wide = Rect(x: 0, y: 0, width: 11, height: 6)
    #expect(wide.centered(width: 4, height: 3) == Rect(x: 3, y: 1, width: 4, height: 3))
    let small = Rect(x: 0, y: 0, width: 3, height: 3)
    #expect(small.centered(width: 10, height: 10) == small)
  }
}

@Suite struct LayoutTests {
  private func widths(_ constraints: [Constraint], _ total: Int) -> [Int] {
    Rect(x: 0, y: 0, width: total, height: 1).split(.horizontal, constraints).map(\.width)
  }

  @Test func zeroWidthGivesZeroSizedSections() {
    let parts = Rect(x: 4, y: 1, width: 0, height: 3)
      .split(.horizontal, [.fixed(3), .fill(1), .percent(50)])
    #expect(parts.map(\.width) == [0, 0, 0])
    #expect(parts.allSatisfy { $0.x == 4 && $0.height == 3 })
  }

  @Test func oddSplitGivesRemainderToTheEarliestSections() {
    #expect(widths([.fill(1), .fill(1)], 7) == [4, 3])
    #expect(widths([.fill(1), .fill(1), .fill(1)], 10) == [4, 3, 3])
    #expect(widths([.fill(1), .fill(2)], 10) == [3, 7])
  }

  @Test(arguments: [7, 10, 13, 99, 100, 101])
  func percentagesSummingTo100FillTheParentExactly(total: Int) {
    let quarters = widths([.percent(25), .percent(25), .percent(25), .percent(25)], total)
    #expect(quarters.reduce(0, +) == total)
    #expect((quarters.max() ?? 0) - (quarters.min() ?? 0) <= 1)
    #expect(widths([.percent(33), .percent(67)], total).reduce(0, +) == total)
  }

  @Test func sectionsAreContiguous() {
    let parts = Rect(x: 2, y: 5, width: 20, height: 11)
      .split(.vertical, [.fixed(1), .fill(1), .fixed(1)])
    #expect(
      parts == [
        Rect(x: 2, y: 5, width: 20, height: 1),
        Rect(x: 2, y: 6, width: 20, height: 9),
        Rect(x: 2, y: 15, width: 20, height: 1),
      ])
  }

  @Test func overConstrainedCutsLaterSectionsAndNeverExceedsTheParent() {
    #expect(widths([.fixed(6), .fixed(6), .fill(1)], 8) == [6, 2, 0])
    #expect(widths([.percent(80), .percent(80)], 10) == [8, 2])
    #expect(widths([.min(5), .fixed(-3), .min(5)], 4) == [4, 0, 0])
  }

  @Test func minSectionsShareLeftoverWhenThereIsNoFill() {
    #expect(widths([.min(2), .fixed(3), .min(2)], 12) == [5, 3, 4])
    #expect(widths([.min(2), .fill(1)], 12) == [2, 10])
  }
}
