import ConvEngine
import Foundation
import Testing
import TestSupport

/// Issue 19: files and commands a hostile (or unlucky) user can hand the real binary. Each
/// test makes its hostile file itself and expects one line on stderr naming the file and the
/// problem, and exit status 1 (or the documented recovery), within seconds.
@Suite(.serialized) struct HostileFileTests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  /// The single line of an error, checked for the file's name and the problem's words.
  func expectOneLineError(_ r: CommandRunner.Result, naming subject: String, _ words: String...,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == 1, "exit \(r.status); stderr: \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderr.hasPrefix("convscope: error: \(subject):"), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
    for word in words { #expect(r.stderr.contains(word), "stderr: \(r.stderr)", sourceLocation: sourceLocation) }
  }

  /// A small checkpoint with training state (lenet5-modern, 640 images, one epoch), made once.
  static let checkpoint: Result<String, Error> = Result {
    let dir = Fixtures.temporaryDirectory()
    let r = try CommandRunner.run(["train", "lenet5-modern", "--epochs", "1", "--limit", "640", "--test-limit", "100",
                                   "--threads", "1", "--save", dir + "/run.safetensors"])
    guard r.status == 0 else { throw EngineError("checkpoint", r.stderr) }
    return dir + "/run.safetensors"
  }

  /// The checkpoint with `change` applied to its decoded contents, written to a new file.
  func hostileCheckpoint(_ name: String, _ change: (inout SafeTensorsFile) -> Void) throws -> String {
    var file = try SafeTensors.read(path: try Self.checkpoint.get())
    change(&file)
    let path = Fixtures.temporaryDirectory() + "/" + name
    try SafeTensors.write(file.tensors, metadata: file.metadata, to: path)
    return path
  }

  // MARK: - 1. Resuming trusts nothing in the checkpoint

  @Test func resumeRefusesAnEpochOrderPastTheTrainingSet() throws {
    let path = try hostileCheckpoint("order.safetensors") { file in
      let i = file.tensors.firstIndex { $0.name == "train.order" }!
      file.tensors[i].values[5] = 5_000
    }
    let r = try run("train", "lenet5-modern", "--epochs", "2", "--resume", path, "--test-limit", "100")
    expectOneLineError(r, naming: path, "\"train.order\"", "5000", "640 images")
    #expect(!r.stdout.contains("epoch 2/2"))
  }

  @Test func resumeRefusesOverflowingCountersAndOutOfRangeSettings() throws {
    let cases: [(String, String, String)] = [
      ("train.epoch", "9223372036854775807", "\"train.epoch\""),
      ("train.cursor", "100000", "\"train.cursor\""),
      ("train.config.batch_size", "0", "\"train.config.batch_size\""),
      ("train.config.learning_rate", "nan", "\"train.config.learning_rate\""),
      ("train.config.learning_rate", "-1", "\"train.config.learning_rate\""),
      ("train.rng.dropout.-1.drop6", "7", "names replica -1"),
    ]
    for (key, value, words) in cases {
      let path = try hostileCheckpoint("state.safetensors") { $0.metadata[key] = value }
      let r = try run("train", "lenet5-modern", "--epochs", "2", "--resume", path, "--test-limit", "100")
      expectOneLineError(r, naming: path, words)
    }
    let velocity = try hostileCheckpoint("velocity.safetensors") { file in
      let i = file.tensors.firstIndex { $0.name == "train.velocity.C1.weight" }!
      file.tensors[i].shape = [1, 6, 5, 5]
    }
    let r = try run("train", "lenet5-modern", "--epochs", "2", "--resume", velocity, "--test-limit", "100")
    expectOneLineError(r, naming: velocity, "\"train.velocity.C1.weight\"", "[1, 6, 5, 5]")
  }

  // MARK: - 3. Image sizes are capped before decoding and resizing

  /// A PNG of `width`×`height` whose header is all that matters (the pixel data is empty).
  static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
    func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
      let body = Array(type.utf8) + data
      return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }
    let header = bigEndian(width) + bigEndian(height) + [8, 0, 0, 0, 0]
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
      + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
  }

  static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  @Test func strangelyShapedImagesAreRefusedWithTheirSizeAndTheLimit() throws {
    let dir = Fixtures.temporaryDirectory()
    let files: [(String, [UInt8], String)] = [
      ("strip.png", Self.pngHeader(width: 1, height: 1_000_000), "1×1,000,000"),
      ("tall.pgm", Array("P5\n1 20000\n255\n".utf8) + [UInt8](repeating: 128, count: 20_000), "100 times"),
      ("wide.pgm", Array("P5\n33554432 1\n255\n".utf8) + [0], "65,535 pixels a side"),
      ("huge.png", Self.pngHeader(width: 60_000, height: 60_000), "33,554,432 pixels"),
    ]
    for (name, bytes, words) in files {
      let path = dir + "/" + name
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      // Both paths a photo takes: AlexNet's resize-and-crop and LeNet-5's digit preprocessing.
      expectOneLineError(try run("forward", "alexnet-torchvision", "--width", "0.25", "--input", path), naming: path, words)
      expectOneLineError(try run("forward", "lenet5", "--input", path), naming: path, words)
    }
  }

  // MARK: - 4 and 6. Only regular files are read

  @Test func devicesFoldersAndFIFOsAreRefusedBeforeAnyRead() throws {
    let dir = Fixtures.temporaryDirectory()
    let fifo = dir + "/weights.fifo"
    #expect(mkfifo(fifo, 0o644) == 0)
    for (path, what) in [("/dev/zero", "a character device"), ("/dev/urandom", "a character device"),
                         (dir, "a folder"), (fifo, "a FIFO (named pipe)")] {
      for args in [["evaluate", "lenet5", "--weights", path], ["forward", "lenet5", "--input", "mnist:test:0", "--weights", path],
                   ["train", "lenet5", "--epochs", "1", "--resume", path]] {
        let start = Date()
        let r = try CommandRunner.run(args)
        expectOneLineError(r, naming: path, "is \(what), not a regular file")
        #expect(Date().timeIntervalSince(start) < 30)
      }
    }
  }

  /// Item 6 for the workbench: `convscope --weights FIFO` and `convscope workbench --weights
  /// FIFO` (and a device) are refused at once. Without a terminal the refusal is the weights
  /// one, not "the workbench needs a terminal": the file is checked before the terminal is
  /// even looked at, so it is never taken over.
  @Test func theWorkbenchRefusesAFIFOOrADeviceBeforeLookingAtTheTerminal() throws {
    let dir = Fixtures.temporaryDirectory()
    let fifo = dir + "/weights.fifo"
    #expect(mkfifo(fifo, 0o644) == 0)
    for (path, what) in [(fifo, "a FIFO (named pipe)"), ("/dev/zero", "a character device")] {
      for prefix in [["workbench"], []] {
        let start = Date()
        let r = try CommandRunner.run(prefix + ["--weights", path])
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "convscope: error: \(path): is \(what), not a regular file; give the path of a weights file (--weights)\n")
      }
    }
  }

  // MARK: - 9 and 10. Saves replace only regular files and leave no temporaries

  @Test func devicePathsAreNeverReplaced() throws {
    for args in [["train", "lenet5", "--epochs", "1", "--limit", "64", "--save", "/dev/null"],
                 ["forward", "lenet5", "--input", "mnist:test:0", "--dump", "/dev/null"]] {
      let r = try CommandRunner.run(args)
      expectOneLineError(r, naming: "/dev/null", "is a character device, not a regular file")
      #expect(!r.stdout.contains("epoch 1/1"), "trained before refusing the --save path")
    }
    var info = stat()
    #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
  }

  @Test func anUnwritableSavePathIsReportedBeforeTraining() throws {
    let r = try run("train", "lenet5", "--epochs", "1", "--save", "/nonexistent/folder/w.safetensors")
    expectOneLineError(r, naming: "/nonexistent/folder/w.safetensors", "does not exist")
    #expect(!r.stdout.contains("epoch 1/1"))
  }

  @Test func temporariesOfAKilledSaveAreRemovedOnTheNextStart() throws {
    let dir = Fixtures.temporaryDirectory()
    // What `kill -9` mid-save leaves: a temporary of a process that no longer runs, and one
    // of this (running) process that must be left alone.
    let stale = dir + "/.w.safetensors.tmp-2147483000-1"
    let live = dir + "/.w.safetensors.tmp-\(getpid())-1"
    for path in [stale, live] { try Data("half".utf8).write(to: URL(fileURLWithPath: path)) }
    let r = try run("train", "lenet5", "--epochs", "1", "--limit", "64", "--test-limit", "10", "--save", dir + "/w.safetensors")
    #expect(r.status == 0, "\(r.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(names == [".w.safetensors.tmp-\(getpid())-1", "w.safetensors"])
    _ = try SafeTensors.read(path: dir + "/w.safetensors")
  }

  @Test func killNineDuringSavesLeavesACompleteFileAndNoTemporaryAfterTheNextStart() throws {
    let dir = Fixtures.temporaryDirectory()
    let target = dir + "/w.safetensors"
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<4 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
      process.arguments = ["train", "lenet5", "--epochs", "50", "--limit", "64", "--test-limit", "10", "--save", target]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 200_000...1_500_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if FileManager.default.fileExists(atPath: target) { _ = try SafeTensors.read(path: target) }  // old or new, whole
    }
    let next = try run("train", "lenet5", "--epochs", "1", "--limit", "64", "--test-limit", "10", "--save", target)
    #expect(next.status == 0, "\(next.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["w.safetensors"])
  }

  // MARK: - 11. A metrics file that does not parse is kept

  @Test func unreadableMetricsAreKeptAndTheResumeRefused() throws {
    let dir = Fixtures.temporaryDirectory()
    let metrics = dir + "/m.jsonl"
    let history = "{\"type\": \"settings\" — edited by hand\n"
    try history.write(toFile: metrics, atomically: true, encoding: .utf8)
    let r = try run("train", "lenet5-modern", "--epochs", "2", "--resume", try Self.checkpoint.get(), "--test-limit", "100",
                    "--metrics", metrics)
    expectOneLineError(r, naming: metrics, "cannot continue these metrics", "the file is kept")
    #expect(try String(contentsOfFile: metrics, encoding: .utf8) == history)
  }

  @Test func metricsWithWindowsLineEndingsContinue() throws {
    let dir = Fixtures.temporaryDirectory()
    let first = try run("train", "lenet5-modern", "--epochs", "1", "--limit", "128", "--test-limit", "10", "--threads", "1",
                        "--save", dir + "/run.safetensors", "--metrics", dir + "/m.jsonl")
    #expect(first.status == 0, "\(first.stderr)")
    let text = try String(contentsOfFile: dir + "/m.jsonl", encoding: .utf8)
    try text.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: dir + "/m.jsonl", atomically: true, encoding: .utf8)
    let resumed = try run("train", "lenet5-modern", "--epochs", "2", "--resume", dir + "/run.safetensors", "--test-limit", "10",
                          "--metrics", dir + "/m.jsonl")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try RunRecord.read(path: dir + "/m.jsonl").steps.map(\.step) == Array(1...4))
  }

  // MARK: - 12. Output that cannot be written is an error

  @Test func aFullDiskUnderStandardOutputIsExitOne() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
    process.arguments = ["summary", "alexnet"]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(stderr == "convscope: error: standard output: could not write (No space left on device); the output is incomplete\n")
  }

  /// Standard output closed altogether (`>&-`): every write fails, and the exit says so.
  @Test func aClosedStandardOutputIsExitOne() throws {
    let r = try CommandRunner.run(["-c", "exec \(Tmux.quoted(CommandRunner.binary)) summary alexnet >&-"], executable: "/bin/sh")
    #expect(r.status == 1)
    // The reason is the failed write's ("Bad file descriptor"), or "an earlier write failed"
    // when a full buffer was flushed (and failed) before the exit.
    #expect(r.stderr.hasPrefix("convscope: error: standard output: could not write ("), "stderr: \(r.stderr)")
    #expect(r.stderr.hasSuffix("); the output is incomplete\n"), "stderr: \(r.stderr)")
  }

  /// A full disk (here a file-size limit, `ulimit -f`) under `--log`: the run stops with
  /// exit 1 and a line naming the log and its last step, and the log is left holding whole
  /// records only, the last of them that step (not half a line, which no reader could parse).
  @Test func aFullDiskUnderTheLogStopsTheRunAndLeavesWholeRecords() throws {
    let dir = Fixtures.temporaryDirectory()
    let log = dir + "/log.jsonl"
    // 64 blocks: 32 KiB for dash's 512-byte blocks, 64 KiB for bash's 1 KiB ones. Each epoch
    // writes its 10 step records and an epoch record, about 1.6 KB, so the limit falls in
    // the middle of an epoch's records during the first few dozen epochs.
    let command = "ulimit -f 64 && exec \(Tmux.quoted(CommandRunner.binary)) train lenet5 --epochs 200 --limit 640 "
      + "--test-limit 10 --threads 1 --log \(Tmux.quoted(log))"
    let start = Date()
    let r = try CommandRunner.run(["-c", command], executable: "/bin/sh")
    #expect(Date().timeIntervalSince(start) < 120)
    expectOneLineError(r, naming: log, "could not write the log (File too large)", "the run stopped", "cut back to whole lines")
    #expect(!r.stdout.contains("epoch 200/200"))
    let text = try String(contentsOfFile: log, encoding: .utf8)
    #expect(text.hasSuffix("\n"))
    let lines = text.split(separator: "\n")
    #expect(lines.count > 11)
    var lastStep: Int?
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      if let step = object?["step"] as? Int, object?["event"] == nil { lastStep = step }
    }
    let step = try #require(lastStep)
    #expect(r.stderr.contains("the log ends after step \(step),"), "stderr: \(r.stderr)")
  }

  // MARK: - 8. A crash ends the process at once

  @Test func aCrashEndsThePipelineAtOnceWithOneLine() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
    process.arguments = ["train", "lenet5", "--epochs", "20", "--threads", "1"]
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = nil
    process.environment = environment
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Let it load the data and start training (output is buffered: no line to wait for).
    usleep(2_000_000)
    let start = Date()
    kill(process.processIdentifier, SIGSEGV)
    _ = output.fileHandleForReading.readDataToEndOfFile()  // the pipe closes: nothing holds it open
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGSEGV)
    #expect(stderr.hasPrefix("convscope: crashed (signal 11, Segmentation fault)"))
    #expect(stderr.split(separator: "\n").count == 1)
  }

  // MARK: - Smaller

  @Test func aModelNameWithEscapesNeverReachesTheTerminal() throws {
    var file = try SafeTensors.read(path: Fixtures.assets + "/weights/lenet5.safetensors")
    file.metadata["model"] = "evil\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m"
    let path = Fixtures.temporaryDirectory() + "/escape.safetensors"
    try SafeTensors.write(file.tensors, metadata: file.metadata, to: path)
    let r = try run("evaluate", "lenet5", "--weights", path)
    expectOneLineError(r, naming: path, "evil?]0;owned??[2J?31m")
    #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
  }

  @Test func notANumberWeightsGiveJSONNotASwiftError() throws {
    var file = try SafeTensors.read(path: Fixtures.assets + "/weights/lenet5-modern.safetensors")
    let i = file.tensors.firstIndex { $0.name == "output.bias" }!
    file.tensors[i].values[0] = .nan
    file.tensors[i].values[1] = .infinity
    let path = Fixtures.temporaryDirectory() + "/nan.safetensors"
    try SafeTensors.write(file.tensors, metadata: file.metadata, to: path)
    let r = try run("forward", "lenet5-modern", "--weights", path, "--input", "mnist:test:0", "--json")
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(object?["model"] as? String == "lenet5-modern")
    #expect(r.stdout.contains("\"nan\""))
  }

  @Test func anEmptyDatasetIsNamedAsEmpty() throws {
    let dir = Fixtures.temporaryDirectory()
    try FileManager.default.createDirectory(atPath: dir + "/mnist", withIntermediateDirectories: true)
    for f in ["t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"] {
      try FileManager.default.copyItem(atPath: Fixtures.assets + "/mnist/" + f, toPath: dir + "/mnist/" + f)
    }
    let empty = Data([0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28])
    try empty.write(to: URL(fileURLWithPath: dir + "/mnist/train-images-idx3-ubyte.gz"))
    let r = try run("train", "lenet5", "--epochs", "1", "--assets", dir)
    expectOneLineError(r, naming: dir + "/mnist/train-images-idx3-ubyte.gz", "holds no images")
  }

  @Test func alexNetCheckpointsFromTrainLoadInForwardAndEvaluate() throws {
    let dir = Fixtures.temporaryDirectory()
    let path = dir + "/alexnet.safetensors"
    let t = try run("train", "alexnet", "--width", "0.25", "--input-size", "67", "--epochs", "1", "--limit", "64",
                    "--test-limit", "10", "--save", path)
    #expect(t.status == 0, "\(t.stderr)")
    let f = try run("forward", "alexnet", "--weights", path, "--input", "mnist:test:0", "--top", "1", "--json")
    #expect(f.status == 0, "\(f.stderr)")
    let e = try run("evaluate", "alexnet", "--weights", path, "--json")
    #expect(e.status == 0, "\(e.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any]
    #expect(object?["images"] as? Int == 10_000)
  }
}
