extension ExploreLivePanel {
  /// How the live panel shares its rows between the run line, the gradient picture, the
  /// ratio table and the sentence on the ratios.
  ///
  /// The picture at one pixel per value comes first: the table stays whole, and the words give
  /// way around them in this order: the long sentence for the short one and the blank row,
  /// then the run line (the window title names the run and step too), then the legend's
  /// colour bar (its range joins the picture's title), then the sentence. Only when even that
  /// leaves too few rows does the picture shrink below its data's size (80×24), and then the
  /// sentence goes before the picture loses a third of its rows.
  struct Plan: Equatable {
    var runLine: Bool
    /// Rows for the picture: its title, the map, and the legend unless `legendInTitle`.
    var pictureRows: Int
    var legendInTitle: Bool
    /// Blank rows between the picture and the table.
    var gap: Int
    var sentence: [String]

    /// `height`: the panel's rows; `nativePicture`: rows the map takes at one pixel per value
    /// (0: no picture, one line says why); `enlargedPicture`: rows the picture may grow to
    /// when there is room (title and legend included); `tableRows`: the ratio table's, with
    /// its header; `long`/`short`: the sentence, wrapped.
    static func make(
      height: Int, nativePicture: Int, enlargedPicture: Int, tableRows: Int, long: [String], short: [String]
    ) -> Plan {
      let choices = [
        Plan(runLine: true, pictureRows: 0, legendInTitle: false, gap: 1, sentence: long),
        Plan(runLine: true, pictureRows: 0, legendInTitle: false, gap: 0, sentence: short),
        Plan(runLine: false, pictureRows: 0, legendInTitle: false, gap: 0, sentence: short),
        Plan(runLine: false, pictureRows: 0, legendInTitle: true, gap: 0, sentence: short),
        Plan(runLine: false, pictureRows: 0, legendInTitle: true, gap: 0, sentence: []),
      ]
      // The loss line is always there.
      func fixed(_ p: Plan) -> Int { (p.runLine ? 1 : 0) + 1 + tableRows + p.gap + p.sentence.count }
      func needed(_ p: Plan) -> Int { nativePicture == 0 ? 1 : 1 + nativePicture + (p.legendInTitle ? 0 : 1) }
      if var plan = choices.first(where: { fixed($0) + needed($0) <= height }) {
        plan.pictureRows = min(max(needed(plan), enlargedPicture), height - fixed(plan))
        return plan
      }
      // Too short for the picture at its size: a smaller one, with the short sentence only
      // while the map keeps two thirds of its rows (80×24 draws C1's gradient 18 pixels
      // high without it, 12 with it).
      var plan = choices[3]
      if 3 * (height - fixed(plan) - 1) < 2 * nativePicture { plan = choices[4] }
      plan.pictureRows = max(0, height - fixed(plan))
      return plan
    }
  }
}
