import ConvEngine

/// Everything one workbench's engine side keeps between requests: the running training
/// session, the Explore screen's built networks and the datasets read so far. A runner owns
/// one and hands it every request, so two workbenches in one process (as the tests run
/// them) share nothing.
public final class EngineSession: Sendable {
  let datasets: DatasetCache
  let networks: NetworkCache
  let training = SessionSlot()

  public init() {
    datasets = DatasetCache()
    networks = NetworkCache(datasets: datasets, training: training)
  }

  /// Does what `request` asks, synchronously, and says how it went (exactly one event).
  /// Runners decide on which thread.
  public func perform(_ request: EngineRequest) -> EngineEvent {
    switch request {
    case .explore(let request):
      return .explore(ExploreWork.perform(request, networks: networks))
    case .compare(let request):
      return CompareWork.perform(request)
    case .train(let request):
      return .train(TrainWork.perform(request, slot: training, datasets: datasets))
    case .strokeProbe(let probe):
      do {
        return .strokeProbe(try StrokeProbeWork.perform(probe, networks: networks))
      } catch {
        return .failed(request, message: "Cannot measure \(probe.layer)'s maps: \(error)")
      }
    }
  }

  /// An Explore request's result as the screen's own event (benchmarks and tests).
  public func explore(_ request: ExploreRequest) -> ExploreEvent {
    ExploreWork.perform(request, networks: networks)
  }
}
