import ConvEngine
import FuzzSupport

/// The time-lapse reader as `convscope timelapse`, `--weights` (Explore's scrubber) and a
/// resumed run use it: decode, rebuild the time-lapse (every count checked against the
/// others, format 1 or 2), look a frame up, and hand it to a LeNet-5 recorder, which keeps it
/// only when its layout is the recorder's and then records one more frame. Any input must
/// end in a value or an `EngineError`, never a crash, a hang or an unbounded allocation.
nonisolated(unsafe) let network: Network = try! Network(spec: LeNet5.classic)
nonisolated(unsafe) let input = Tensor(zeros: LeNet5.classic.input.batch(1))  // (1, 1, 32, 32)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimeLapse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let file = try? SafeTensors.decode(fuzzBytes(data, size), source: "fuzz"),
        let lapse = try? TimeLapse(file: file, source: "fuzz")
  else { return 0 }
  _ = lapse.kernelRange
  _ = lapse.frameIndex(atOrBefore: lapse.frames.last.map { $0.step / 2 } ?? 0)
  _ = lapse.file  // written back as it would be saved
  guard let recorder = TimeLapseRecorder(network: network, input: input, every: 1) else { return 0 }
  recorder.resume(from: lapse)
  recorder.offer(step: (recorder.timeLapse.frames.last?.step ?? 0) &+ recorder.timeLapse.every)
  return 0
}

@_cdecl("FuzzTimeLapse_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv, fuzzTimeLapse)
}
