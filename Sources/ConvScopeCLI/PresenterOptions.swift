import ArgumentParser
import ConvScopeApp
import TerminalUI

extension Palette: ExpressibleByArgument {}

/// How the workbench shows itself to a room: the heatmap palette. Shared by
/// `convscope workbench`, a bare `convscope` and `convscope tour`.
struct PresenterOptions: ParsableArguments {
  @Option(help: """
    Heatmap colours: default (viridis, blue–white–red), contrast (large brightness steps that \
    survive a washed-out projector) or colorblind (blue–yellow, blue–white–orange). F6 cycles them.
    """)
  var palette: Palette?

  /// `state` with these options applied.
  func apply(to state: AppState) -> AppState {
    var state = state
    if let palette { state.chosenPalette = palette }
    return state
  }
}
