import ConvEngine
import ConvScopeApp
import Foundation

/// LeNet-5 training speed with the Train screen live in a real terminal, against the same
/// run headless: the workbench runs under a private tmux server, the bench types `2 e enter`
/// (Train screen, one epoch, start) like a user, and the run's epoch line (images and wall
/// seconds, written because `CONVSCOPE_TRAIN_REPORT` is set) gives the screen's rate. The
/// headless rate is `convscope train lenet5 --epochs 1 --json` in a child process: the same
/// model, recipe, batch (64), threads (2) and seed.
enum TrainScreenBench {
  struct Report: Codable {
    var model = "lenet5"
    var epochs = 1
    var batch = 64
    var threads = 2
    var terminal = "tmux 120×40"
    /// Training images per second (wall clock, evaluation excluded), one per round.
    var headless: [Double] = []
    var screen: [Double] = []
    /// Best screen rate over best headless rate (best of each: the least disturbed runs).
    var ratio = 0.0
    var target = 0.9
  }

  static func run(rounds: Int) throws -> Report {
    guard (try? tmux(["-V"]))?.status == 0 else { throw EngineError("tmux", "is not installed (apt-get install tmux)") }
    var report = Report()
    for _ in 0..<max(1, rounds) {
      report.headless.append(try headless())
      report.screen.append(try screen())
    }
    report.ratio = (report.screen.max() ?? 0) / max(1e-9, report.headless.max() ?? 1)
    return report
  }

  /// This executable (the bench runs the binary it is part of).
  private static var binary: String {
    CommandLine.arguments[0].contains("/") ? CommandLine.arguments[0] : "/proc/self/exe"
  }

  private static func headless() throws -> Double {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = ["train", "lenet5", "--epochs", "1", "--json"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0, let epoch = try JSONDecoder().decode(TrainSummary.self, from: data).epochs.first
    else { throw EngineError("train", "the headless run failed (exit \(p.terminationStatus))") }
    return epoch.imagesPerSecond
  }

  private static func screen() throws -> Double {
    let name = "convscope-bench-\(getpid())-\(UUID().uuidString.prefix(8))"
    let folder = NSTemporaryDirectory() + name
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer {
      _ = try? tmux(["-L", name, "kill-server"])
      try? FileManager.default.removeItem(atPath: folder)
    }
    let config = folder + "/tmux.conf"
    let log = folder + "/epochs.jsonl"
    try "set -g default-terminal tmux-256color\nset -g status off\n".write(toFile: config, atomically: true, encoding: .utf8)
    let base = ["-L", name, "-f", config]
    try check(base + ["new-session", "-d", "-x", "120", "-y", "40", "-e", "LANG=C.UTF-8",
                      "-e", "\(TrainEpochLog.variable)=\(log)", "-c", FileManager.default.currentDirectoryPath,
                      binary, "workbench"])
    try waitUntil("the workbench to start", seconds: 30) {
      (try? tmux(base + ["capture-pane", "-p", "-t", "0"]))?.output.contains("Lessons") == true
    }
    // Each key is checked on the screen (and typed again if the app had not read it yet:
    // input typed while the terminal is being set up can be discarded).
    func screenText() -> String { (try? tmux(base + ["capture-pane", "-p", "-t", "0"]))?.output ?? "" }
    for (key, sign) in [("2", "┌ Train"), ("e", "epochs 1 "), ("Enter", "img/s")] {
      try waitUntil("the screen to show \"\(sign)\" after \(key)", seconds: 60) {
        if screenText().contains(sign) { return true }
        _ = try? check(base + ["send-keys", "-t", "0", key])
        for _ in 0..<20 where !screenText().contains(sign) { usleep(100_000) }
        return screenText().contains(sign)
      }
    }
    var line: [String: Any]?
    try waitUntil("the epoch to finish on the Train screen", seconds: 600) {
      guard let text = try? String(contentsOfFile: log, encoding: .utf8), let first = text.split(separator: "\n").first,
            let object = try? JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
      else { return false }
      line = object
      return true
    }
    try check(base + ["send-keys", "-t", "0", "q"])
    usleep(100_000)
    _ = try? tmux(base + ["send-keys", "-t", "0", "y"])
    guard let line, let images = line["images"] as? Double ?? (line["images"] as? Int).map(Double.init),
          let wall = line["wall_seconds"] as? Double, wall > 0
    else { throw EngineError(log, "has no usable epoch line") }
    return images / wall
  }

  private static func waitUntil(_ what: String, seconds: Double, _ done: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if done() { return }
      usleep(100_000)
    }
    throw EngineError("bench", "timed out waiting for \(what)")
  }

  @discardableResult
  private static func check(_ arguments: [String]) throws -> String {
    let r = try tmux(arguments)
    guard r.status == 0 else { throw EngineError("tmux", "\(arguments.joined(separator: " ")) failed: \(r.output)") }
    return r.output
  }

  /// Runs tmux with posix_spawn and waitpid. Foundation's `Process` is avoided here: the
  /// client that starts a server forks it off, and `waitUntilExit` was seen to hang on that
  /// client (left a zombie) on Linux. Output goes to a file, not a pipe, because the server
  /// inherits the descriptors and a pipe would never reach end-of-file.
  private static func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let path = NSTemporaryDirectory() + "convscope-bench-tmux-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: path) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, "tmux", &actions, nil, argv, environ)
    guard spawned == 0 else { throw EngineError("tmux", "cannot be started (error \(spawned))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitStatus, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
  }
}
