import ConvEngine
import FuzzSupport

/// The time-lapse reader as `convscope timelapse`, `--weights` (Explore's scrubber) and a
/// resumed run use it: decode, rebuild the time-lapse (every count checked against the
/// others, format 1 or 2), look a frame up, write it back, and hand it to a LeNet-5
/// recorder, which keeps it only when its layout is the recorder's; a kept one then takes
/// one more frame (thinning if full). No forward pass: the reader is what is fuzzed. Any
/// input must end in a value or an `EngineError`, never a crash, a hang or an unbounded
/// allocation.
/// (LeNet-5 is read from assets/models/lenet5.convnet: `make fuzz` runs in the checkout.)
let lenet5 = try! ModelCatalog.spec(named: "lenet5")
nonisolated(unsafe) let recorder = TimeLapseRecorder(network: try! Network(spec: lenet5),
                                                     input: Tensor(zeros: lenet5.input.batch(1)), every: 1)!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimeLapse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let file = try? SafeTensors.decode(fuzzBytes(data, size), source: "fuzz"),
        let lapse = try? TimeLapse(file: file, source: "fuzz")
  else { return 0 }
  _ = lapse.kernelRange
  _ = lapse.frameIndex(atOrBefore: lapse.frames.last.map { $0.step / 2 } ?? 0)
  _ = lapse.file  // written back as it would be saved
  recorder.resume(from: lapse)
  guard recorder.timeLapse == lapse else { return 0 }
  var continued = lapse
  continued.record(TimeLapse.Frame(step: (lapse.frames.last?.step ?? 0) &+ lapse.every,
                                   kernels: [Float](repeating: 0, count: lapse.kernelValues),
                                   maps: lapse.mapLayers.map { [Float](repeating: 0, count: $0.values) }))
  return 0
}

@_cdecl("FuzzTimeLapse_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzTimeLapse)
}
