import ConvEngine

/// Does what an `EngineRequest` asks, synchronously. Runners decide on which thread.
public enum EngineWork {
  public static func perform(_ request: EngineRequest) -> EngineEvent {
    switch request {
    case .summarize(let models):
      do {
        let summaries = try models.map { name in
          ModelSummary(try ModelCatalog.spec(named: name).shapeTable())
        }
        return .summaries(summaries)
      } catch {
        return .failed(request, message: String(describing: error))
      }
    case .explore(let request):
      return .explore(ExploreWork.perform(request))
    case .compare(let request):
      return CompareWork.perform(request)
    case .train(let request):
      return .train(TrainWork.perform(request))
    }
  }
}
