/// Takes a run's time-lapse frames: the first conv layer's kernels and the maps the chosen
/// layers make of one fixed input, read from the training network between steps.
///
/// Call `offer(step:)` on the thread that trains, after a step: it costs nothing unless the
/// time-lapse wants that step, and then a forward pass of one image up to the deepest
/// chosen layer.
public final class TimeLapseRecorder: @unchecked Sendable {
  public private(set) var timeLapse: TimeLapse
  private let network: Network
  /// The layers up to the deepest one whose maps are kept, sharing `network`'s weight storage
  /// (so it sees every step); nil when no maps are kept.
  private let probe: Network?
  /// The positions (in `network.layers`) of the layers whose maps are kept.
  private let mapIndices: [Int]
  private let input: Tensor  // (1, C, H, W): the fixed input, encoded once

  /// A recorder for `network` on `input` (one sample), keeping the maps of the layers at
  /// `mapLayers` (positions; `TimeLapse.defaultMapLayers` when nil). Nil when the network
  /// has no conv layer.
  public init?(network: Network, input: Tensor, mapLayers: [Int]? = nil, every: Int = 10,
               budgetBytes: Int = TimeLapse.defaultBudget) {
    guard let lapse = TimeLapse(network: network, mapLayers: mapLayers, every: every, budgetBytes: budgetBytes)
    else { return nil }
    // The caller encodes test image 0 alone; no argument chooses a batch.
    precondition(input.shape.n == 1, "the time-lapse input is one sample")
    timeLapse = lapse
    self.network = network
    self.input = input
    mapIndices = lapse.mapLayers.compactMap { network.layerIndex(named: $0.name) }
    var spec = network.spec
    spec.layers = Array(spec.layers.prefix((mapIndices.last ?? -1) + 1))
    let probe = mapIndices.isEmpty ? nil : try? Network(spec: spec)
    if let probe {
      for (mine, theirs) in zip(network.layers, probe.layers) {
        for (a, b) in zip(mine.parameters, theirs.parameters) { b.value = a.value }
      }
    }
    self.probe = probe
  }

  /// Carries on an earlier time-lapse (a resumed run): its frames and spacing are kept when
  /// it pictures the same layers; one of another layout is left (the run starts a new one).
  public func resume(from earlier: TimeLapse) {
    guard earlier.layer == timeLapse.layer, earlier.kernelValues == timeLapse.kernelValues,
          earlier.mapLayers == timeLapse.mapLayers
    else { return }
    timeLapse = earlier
  }

  /// Records a frame for `step` when the time-lapse wants one.
  public func offer(step: Int) {
    guard timeLapse.wants(step: step), let frame = picture(step: step) else { return }
    timeLapse.record(frame)
  }

  /// The kernels and the fixed input's maps as they are now (whether or not the time-lapse
  /// keeps them): the Train screen shows this between kept frames. `mapLayers` limits how
  /// many map layers are computed (the Train screen shows the first only; a frame needs all).
  public func picture(step: Int, mapLayers: Int = .max) -> TimeLapse.Frame? {
    guard let kernels = TimeLapse.kernelPlanes(of: network) else { return nil }
    var maps: [[Float]] = []
    let wanted = min(mapLayers, mapIndices.count)
    if let probe, wanted > 0 {
      var h = input
      for i in 0...mapIndices[wanted - 1] {
        h = probe.layers[i].forward(h, training: false)  // (1, C, side, side) at a map layer
        if let l = mapIndices.firstIndex(of: i) {
          maps.append(Array(UnsafeBufferPointer(start: h.pointer, count: timeLapse.mapLayers[l].values)))
        }
      }
    }
    return TimeLapse.Frame(step: step, kernels: kernels, maps: maps)
  }
}
