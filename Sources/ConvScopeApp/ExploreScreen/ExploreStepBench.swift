import ConvEngine
import Dispatch
import TerminalUI

/// How long one layer step takes on the Explore screen: the pure update plus rendering the
/// new frame, diffing it and handing the changes to a backend (in memory, so the figure
/// excludes the terminal's own output, which `convscope bench`'s UI section measures).
public enum ExploreStepBench {
  /// Step timings for one model, in milliseconds.
  public struct Report: Codable, Sendable {
    public var model: String
    public var width: Int
    public var height: Int
    public var steps: Int
    public var median: Double
    public var p99: Double
  }

  /// Runs the model's first forward pass (not timed), then times `steps` layer steps.
  public static func run(model: String, width: Int = 120, height: Int = 40, steps: Int = 200) -> Report? {
    let explore = ExploreState(model: model)
    guard case .forwardFinished(let trace) = EngineSession().explore(.forward(
      model: model, input: explore.input, weights: explore.weightsFile))
    else { return nil }
    var state = AppState(size: Size(width: width, height: height))
    state.explore = explore
    state.explore.trace = trace
    var terminal = Terminal(backend: MemoryBackend(width: width, height: height))
    _ = terminal.draw { render(state, into: &$0) }
    let layers = max(1, trace.layers.count)
    var times: [Double] = []
    for i in 0..<steps {
      let t0 = DispatchTime.now().uptimeNanoseconds
      // Walk right to the last layer, then back, so every layer's view is drawn.
      let forward = (i / layers) % 2 == 0
      _ = update(&state, .explore(.move(dx: forward ? 1 : -1, dy: 0)))
      _ = terminal.draw { render(state, into: &$0) }
      times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    let p = Percentiles(times)
    return Report(model: model, width: width, height: height, steps: steps, median: p.median, p99: p.p99)
  }
}
