import ConvEngine

/// Does what an `EngineRequest` asks, synchronously. Runners decide on which thread.
public enum EngineWork {
  public static func perform(_ request: EngineRequest) -> EngineEvent {
    switch request {
    case .explore(let request):
      return .explore(ExploreWork.perform(request))
    case .compare(let request):
      return CompareWork.perform(request)
    case .train(let request):
      return .train(TrainWork.perform(request))
    }
  }
}
