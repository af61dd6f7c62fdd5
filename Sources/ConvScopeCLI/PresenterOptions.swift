import ArgumentParser
import ConvScopeApp
import TerminalUI

extension Palette: ExpressibleByArgument {}

/// How the workbench shows itself to a room: presenter mode and the heatmap palette. Shared
/// by `convscope workbench`, a bare `convscope` and `convscope tour`.
struct PresenterOptions: ParsableArguments {
  @Flag(help: """
    Presenter mode, for a projector and a large font on 80×24 or 100×30: one thing at a time \
    (Explore the selected map, Train the curve, Compare the totals, Lessons the lesson), the \
    contrast palette unless --palette says otherwise, the footer down to the key that moves on. \
    F5 toggles it.
    """)
  var present = false

  @Option(help: """
    Heatmap colours: default (viridis, blue–white–red), contrast (large brightness steps that \
    survive a washed-out projector) or colorblind (blue–yellow, blue–white–orange). F6 cycles them.
    """)
  var palette: Palette?

  /// `state` with these options applied.
  func apply(to state: AppState) -> AppState {
    var state = state
    if let palette { state.chosenPalette = palette }
    if present { state.isPresenting = true }
    return state
  }
}
