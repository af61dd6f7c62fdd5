import ConvEngine
import Foundation
import Testing
import TestSupport

/// The real binary: outputs, exit codes, and one-line errors for bad input.
@Suite(.serialized) struct CLITests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  @Test func bareCommandSaysWhatItCanDo() throws {
    let r = try run()
    #expect(r.status == 0)
    for sub in ["summary", "train", "evaluate", "bench"] { #expect(r.stdout.contains(sub)) }
  }

  @Test func summaryTableHasTheComputedTotals() throws {
    let r = try run("summary", "lenet5")
    #expect(r.status == 0)
    #expect(r.stdout.contains("6×(5×5×1)+6 = 156"))
    #expect(r.stdout.contains("60×(5×5)+16 = 1,516"))
    #expect(r.stdout.contains("60,000"))
    let m = try run("summary", "lenet5-modern")
    #expect(m.stdout.contains("61,706"))
  }

  @Test func summaryJSONParses() throws {
    let r = try run("summary", "lenet5", "--json")
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(object?["totalParameters"] as? Int == 60_000)
    let layers = object?["layers"] as? [[String: Any]]
    #expect(layers?.map { $0["name"] as? String ?? "" } == ["C1", "S2", "C3", "S4", "C5", "F6", "output"])
  }

  @Test func unknownModelIsAOneLineError() throws {
    let r = try run("summary", "lenet7")
    #expect(r.status == 1)
    #expect(r.stderr == "convscope: error: lenet7: unknown model; known models: lenet5, lenet5-modern, alexnet, alexnet-ungrouped, alexnet-torchvision, or a model file (*.convnet)\n")
  }

  @Test func missingWeightsFileNamesTheFile() throws {
    let r = try run("evaluate", "lenet5", "--weights", "/nonexistent/w.safetensors")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("convscope: error: /nonexistent/w.safetensors:"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func truncatedWeightsFileIsRejected() throws {
    let dir = Fixtures.temporaryDirectory()
    let good = Fixtures.assets + "/weights/lenet5.safetensors"
    let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
    let bad = dir + "/truncated.safetensors"
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: bad))
    let r = try run("evaluate", "lenet5", "--weights", bad)
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("convscope: error: \(bad):"))
    #expect(!r.stderr.contains("Fatal error"))
  }

  @Test func weightsOfTheOtherModelAreRejected() throws {
    let r = try run("evaluate", "lenet5-modern", "--weights", Fixtures.assets + "/weights/lenet5.safetensors")
    #expect(r.status == 1)
    #expect(r.stderr.contains("model \"lenet5\""))
  }

  @Test func corruptDataFileNamesTheFile() throws {
    let dir = Fixtures.temporaryDirectory()
    let fm = FileManager.default
    try fm.createDirectory(atPath: dir + "/mnist", withIntermediateDirectories: true)
    for f in ["t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"] {
      try fm.copyItem(atPath: Fixtures.assets + "/mnist/" + f, toPath: dir + "/mnist/" + f)
    }
    let images = try Data(contentsOf: URL(fileURLWithPath: Fixtures.assets + "/mnist/train-images-idx3-ubyte.gz"))
    try images.prefix(100_000).write(to: URL(fileURLWithPath: dir + "/mnist/train-images-idx3-ubyte.gz"))
    let r = try run("train", "lenet5", "--epochs", "1", "--assets", dir)
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("convscope: error: \(dir)/mnist/train-images-idx3-ubyte.gz:"))
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
  func fullDiskWhileLoggingIsAOneLineError() throws {
    let r = try run("train", "lenet5", "--epochs", "1", "--limit", "640", "--test-limit", "100", "--log", "/dev/full")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("convscope: error: /dev/full: could not write the log"))
    var st = stat()
    #expect(stat("/dev/full", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)  // still the device
  }

  @Test func divergenceStopsWithAHint() throws {
    let r = try run("train", "lenet5-modern", "--epochs", "1", "--limit", "640", "--lr", "100000000")
    #expect(r.status == 3)
    #expect(r.stderr.contains("lower learning rate"))
  }

  @Test func shortTrainingRunSavesLogsAndEvaluates() throws {
    let dir = Fixtures.temporaryDirectory()
    let r = try run("train", "lenet5-modern", "--epochs", "1", "--limit", "640", "--save", dir + "/w.safetensors",
                    "--log", dir + "/log.jsonl", "--seed", "4")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("test acc"))
    let log = try String(contentsOfFile: dir + "/log.jsonl", encoding: .utf8).split(separator: "\n")
    #expect(log.count == 10 + 1)  // 640/64 steps plus the epoch record
    #expect(log.first?.hasPrefix("{\"step\":1,") == true)
    let e = try run("evaluate", "lenet5-modern", "--weights", dir + "/w.safetensors", "--json")
    #expect(e.status == 0)
  }

  /// `--weights-only` saves the weights alone; `export-weights` strips a full checkpoint to the
  /// same tensors (the run's metadata kept, the `train.*` state gone); both evaluate as the
  /// checkpoint does, and `--resume` refuses a weights-only file.
  @Test func weightsOnlyAndExportedFilesHoldTheWeightsAlone() throws {
    let dir = Fixtures.temporaryDirectory()
    let train = ["train", "lenet5-modern", "--epochs", "1", "--limit", "256", "--test-limit", "200", "--threads", "1"]
    let full = try CommandRunner.run(train + ["--save", dir + "/full.safetensors"])
    #expect(full.status == 0, "\(full.stderr)")
    let only = try CommandRunner.run(train + ["--weights-only", "--save", dir + "/only.safetensors"])
    #expect(only.status == 0, "\(only.stderr)")
    let x = try run("export-weights", dir + "/full.safetensors", "--save", dir + "/exported.safetensors")
    #expect(x.status == 0, "\(x.stderr)")
    #expect(x.stdout.contains("10 weight tensors"))
    let checkpoint = try SafeTensors.read(path: dir + "/full.safetensors")
    #expect(checkpoint.tensors.contains { $0.name.hasPrefix("train.") })
    let weights = checkpoint.tensors.filter { !$0.name.hasPrefix("train.") }
    #expect(weights.count == 10)
    for name in ["only", "exported"] {
      let file = try SafeTensors.read(path: dir + "/\(name).safetensors")
      #expect(file.tensors == weights, "\(name)")
      #expect(!file.metadata.keys.contains { $0.hasPrefix("train.") }, "\(name)")
      #expect(file.metadata["dataset"] == "mnist" && file.metadata["test_accuracy"] == checkpoint.metadata["test_accuracy"])
    }
    let accuracy = { (file: String) throws -> String in
      let r = try self.run("evaluate", "lenet5-modern", "--weights", dir + "/" + file, "--json")
      return String(r.stdout.split(separator: "\n").first { $0.contains("\"accuracy\"") } ?? "")
    }
    #expect(try accuracy("exported.safetensors") == accuracy("full.safetensors"))
    let resume = try CommandRunner.run(train + ["--epochs", "2", "--resume", dir + "/only.safetensors"])
    #expect(resume.status != 0)
    let missing = try run("train", "lenet5", "--epochs", "1", "--weights-only")
    #expect(missing.status == 64 && missing.stderr.contains("--weights-only needs --save FILE"))
  }

  /// The shipped weights meet the bar on all 10,000 MNIST test images.
  @Test(arguments: [("lenet5", 0.989), ("lenet5-modern", 0.990)])
  func shippedWeightsReachTheirAccuracy(model: String, bar: Double) throws {
    let r = try run("evaluate", model, "--weights", Fixtures.assets + "/weights/\(model).safetensors", "--json")
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let accuracy = try #require(object?["accuracy"] as? Double)
    #expect(accuracy >= bar)
    #expect(object?["images"] as? Int == 10_000)
  }

  /// The shipped AlexNet-layout weights (a quarter of the widths, 67×67 inputs) meet the
  /// accuracy README "Shipped weights" states, on all 10,000 test images of their dataset.
  @Test(arguments: [("fashion-mnist", 0.880), ("mnist", 0.985)])
  func shippedSmallAlexNetWeightsReachTheirAccuracy(dataset: String, bar: Double) throws {
    let r = try run("evaluate", "alexnet", "--width", "0.25", "--input-size", "67", "--dataset", dataset,
                    "--weights", Fixtures.assets + "/weights/alexnet-small-\(dataset).safetensors", "--json")
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let accuracy = try #require(object?["accuracy"] as? Double)
    #expect(accuracy >= bar)
    #expect(object?["images"] as? Int == 10_000)
    #expect(object?["dataset"] as? String == dataset)
  }
}
