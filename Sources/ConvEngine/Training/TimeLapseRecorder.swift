/// Takes a run's time-lapse frames: the first conv layer's kernels and the maps that layer
/// makes of one fixed input, read from the training network between steps.
///
/// Call `offer(step:)` on the thread that trains, after a step: it costs nothing unless the
/// time-lapse wants that step, and then one first-layer forward pass of one image.
public final class TimeLapseRecorder: @unchecked Sendable {
  public private(set) var timeLapse: TimeLapse
  private let network: Network
  /// The first layer alone, sharing `network`'s weight storage (so it sees every step).
  private let probe: Network?
  private let input: Tensor  // (1, C, H, W): the fixed input, encoded once

  /// A recorder for `network` on `input` (one sample), or nil when it has no conv layer.
  public init?(network: Network, input: Tensor, every: Int = 10, budgetBytes: Int = TimeLapse.defaultBudget) {
    guard let lapse = TimeLapse(network: network, every: every, budgetBytes: budgetBytes) else { return nil }
    // The caller encodes test image 0 alone; no argument chooses a batch.
    precondition(input.shape.n == 1, "the time-lapse input is one sample")
    timeLapse = lapse
    self.network = network
    self.input = input
    var spec = network.spec
    spec.layers = Array(spec.layers.prefix(1))
    let probe = lapse.mapCount > 0 ? try? Network(spec: spec) : nil
    if let probe {
      for (mine, theirs) in zip(network.layers[0].parameters, probe.layers[0].parameters) { theirs.value = mine.value }
    }
    self.probe = probe
  }

  /// Carries on an earlier time-lapse (a resumed run): its frames and spacing are kept.
  public func resume(from earlier: TimeLapse) {
    guard earlier.layer == timeLapse.layer, earlier.kernelValues == timeLapse.kernelValues,
          earlier.mapValues == timeLapse.mapValues
    else { return }
    timeLapse = earlier
  }

  /// Records a frame for `step` when the time-lapse wants one.
  public func offer(step: Int) {
    guard timeLapse.wants(step: step), let frame = picture(step: step) else { return }
    timeLapse.record(frame)
  }

  /// The kernels and the fixed input's maps as they are now (whether or not the time-lapse
  /// keeps them): the Train screen shows this between kept frames.
  public func picture(step: Int) -> TimeLapse.Frame? {
    guard let kernels = TimeLapse.kernelPlanes(of: network) else { return nil }
    var maps: [Float] = []
    if let probe, let layer = probe.layers.first {
      let out = layer.forward(input, training: false)  // (1, C, side, side)
      maps = Array(UnsafeBufferPointer(start: out.pointer, count: timeLapse.mapValues))
    }
    return TimeLapse.Frame(step: step, kernels: kernels, maps: maps)
  }
}
