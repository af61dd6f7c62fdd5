import ConvEngine
import Foundation
import Testing
import TestSupport

/// `train --resume` continues a saved run exactly; `--metrics` exports the run as CSV or JSONL.
@Suite(.serialized) struct TrainResumeCLITests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  /// Flags shared by the runs compared below: a small, single-threaded, seeded run.
  static let small = ["--limit", "320", "--batch", "32", "--test-limit", "100", "--schedule", "constant", "--seed", "3"]

  @Test func resumedRunRepeatsTheUninterruptedOneAndContinuesItsMetrics() throws {
    let dir = Fixtures.temporaryDirectory()
    let straight = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "2", "--threads", "1",
                                          "--metrics", dir + "/straight.jsonl"] + Self.small)
    #expect(straight.status == 0, "\(straight.stderr)")
    let first = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--threads", "1",
                                       "--save", dir + "/run.safetensors", "--metrics", dir + "/run.csv"] + Self.small)
    #expect(first.status == 0, "\(first.stderr)")
    // Size, batch, schedule, seed and threads all come from the checkpoint.
    let resumed = try run("train", "lenet5-modern", "--epochs", "2", "--resume", dir + "/run.safetensors",
                          "--test-limit", "100", "--metrics", dir + "/run.csv", "--save", dir + "/run.safetensors")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("resuming lenet5-modern on mnist (320 images), from \(dir)/run.safetensors at step 10"))
    #expect(resumed.stdout.contains("epoch 2/2"))
    #expect(!resumed.stdout.contains("epoch 1/2"))

    let a = try RunRecord.read(path: dir + "/straight.jsonl"), b = try RunRecord.read(path: dir + "/run.csv")
    #expect(a.steps.count == 20)
    #expect(b.steps.map(\.step) == Array(1...20))
    #expect(b.steps.map(\.loss) == a.steps.map(\.loss), "the resumed curve differs from the uninterrupted one")
    #expect(b.epochs.map(\.testAccuracy) == a.epochs.map(\.testAccuracy))
    #expect(b.events.map(\.kind) == [.resumed, .note])  // and the new total of epochs
    #expect(b.events.first?.step == 10)

    // The checkpoint is an ordinary weights file too.
    let e = try run("evaluate", "lenet5-modern", "--weights", dir + "/run.safetensors", "--json")
    #expect(e.status == 0, "\(e.stderr)")
  }

  /// A model file's run resumes like a built-in's (on the file's dataset), and repeats the
  /// uninterrupted run; a file edited since the checkpoint is refused, naming what differs.
  @Test func aModelFilesRunResumes() throws {
    let dir = Fixtures.temporaryDirectory()
    let file = dir + "/small.convnet"
    let text = "model small\ninput 1x32x32\ndataset fashion-mnist\nC1: conv 4 kernel=5 stride=2 activation=relu\n"
      + "S2: maxpool 2\nout: fc 10\n"
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let straight = try CommandRunner.run(["train", file, "--epochs", "2", "--threads", "1",
                                          "--metrics", dir + "/straight.jsonl"] + Self.small)
    #expect(straight.status == 0, "\(straight.stderr)")
    let first = try CommandRunner.run(["train", file, "--epochs", "1", "--threads", "1",
                                       "--save", dir + "/run.safetensors", "--metrics", dir + "/run.jsonl"] + Self.small)
    #expect(first.status == 0, "\(first.stderr)")
    let resumed = try run("train", file, "--epochs", "2", "--resume", dir + "/run.safetensors", "--test-limit", "100",
                          "--metrics", dir + "/run.jsonl")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("resuming small on fashion-mnist (320 images), from \(dir)/run.safetensors at step 10"),
            "\(resumed.stdout)")
    let a = try RunRecord.read(path: dir + "/straight.jsonl"), b = try RunRecord.read(path: dir + "/run.jsonl")
    #expect(b.steps.map(\.step) == Array(1...20))
    #expect(b.steps.map(\.loss) == a.steps.map(\.loss), "the resumed curve differs from the uninterrupted one")

    try text.replacingOccurrences(of: "conv 4", with: "conv 6").write(toFile: file, atomically: true, encoding: .utf8)
    let edited = try run("train", file, "--epochs", "3", "--resume", dir + "/run.safetensors")
    #expect(edited.status == 1)
    #expect(edited.stderr.hasPrefix("convscope: error: \(dir)/run.safetensors: "), "\(edited.stderr)")
    #expect(edited.stderr.contains("C1.weight"), "\(edited.stderr)")
  }

  @Test func resumeChangesSettingsGivenOnTheCommandLine() throws {
    let dir = Fixtures.temporaryDirectory()
    let first = try CommandRunner.run(["train", "lenet5", "--epochs", "1", "--threads", "1",
                                       "--save", dir + "/run.safetensors"] + Self.small)
    #expect(first.status == 0, "\(first.stderr)")
    let resumed = try run("train", "lenet5", "--epochs", "2", "--resume", dir + "/run.safetensors", "--lr", "0.001",
                          "--batch", "64", "--test-limit", "100", "--metrics", dir + "/m.jsonl", "--json")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    let record = try RunRecord.read(path: dir + "/m.jsonl")
    #expect(record.steps.map(\.step) == Array(11...15))
    #expect(record.steps.allSatisfy { $0.batchSize == 64 && $0.learningRate == 0.001 })
    #expect(Set(record.events.map(\.kind)) == [.resumed, .learningRate, .batchSize, .note])
    let summary = try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any]
    #expect(summary?["step"] as? Int == 15)
  }

  @Test func plainWeightsCannotBeResumed() throws {
    let weights = Fixtures.assets + "/weights/lenet5.safetensors"
    let r = try run("train", "lenet5", "--epochs", "2", "--resume", weights)
    #expect(r.status == 1)
    #expect(r.stderr == "convscope: error: \(weights): has no training state; it can only be used as --weights\n")
  }

  @Test func resumeChecksTheDataAndSaysWhenThereIsNothingToDo() throws {
    let dir = Fixtures.temporaryDirectory()
    let first = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--threads", "1",
                                       "--save", dir + "/run.safetensors"] + Self.small)
    #expect(first.status == 0, "\(first.stderr)")
    let wrongLimit = try run("train", "lenet5-modern", "--epochs", "2", "--resume", dir + "/run.safetensors", "--limit", "640")
    #expect(wrongLimit.status == 1)
    #expect(wrongLimit.stderr.contains("was trained on 320 images; resume with --limit 320"))
    let wrongModel = try run("train", "lenet5", "--epochs", "2", "--resume", dir + "/run.safetensors")
    #expect(wrongModel.status == 1)
    #expect(wrongModel.stderr.contains("holds weights for model \"lenet5-modern\", not \"lenet5\""))
    let done = try run("train", "lenet5-modern", "--epochs", "1", "--resume", dir + "/run.safetensors", "--test-limit", "10")
    #expect(done.status == 0, "\(done.stderr)")
    #expect(done.stdout.contains("nothing to train"))
  }

  @Test func metricsNeedACSVOrJSONLinesName() throws {
    let r = try run("train", "lenet5", "--epochs", "1", "--metrics", "/tmp/m.txt")
    #expect(r.status == 64)
    #expect(r.stderr.contains(".csv or .jsonl"))
  }

  @Test func explodingLossStopsTheRunWithAHint() throws {
    let dir = Fixtures.temporaryDirectory()
    // 40 steps: the monitor judges a finite loss only after its 20-step warm-up.
    let r = try run("train", "lenet5", "--epochs", "1", "--threads", "1", "--lr", "3", "--limit", "1280", "--batch", "32",
                    "--test-limit", "10", "--metrics", dir + "/m.csv")
    #expect(r.status == 3)
    #expect(r.stderr.hasPrefix("convscope: error: training stopped: the loss"))
    #expect(r.stderr.contains("try a lower learning rate"))
    let record = try RunRecord.read(path: dir + "/m.csv")
    #expect(record.events.last?.kind == .diverged)
    #expect(record.events.last?.step == record.steps.last?.step)
  }
}
