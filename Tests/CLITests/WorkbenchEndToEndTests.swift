import Foundation
import Testing
import TestSupport

/// The real binary in a real (pseudo-)terminal: tmux runs it, types at it, resizes it and
/// reads the screen back. Each test has its own tmux server (`-L`), killed at the end.
///
/// The workbench runs under a small shell wrapper that records the terminal modes before
/// and after (`stty -g`) and prints the exit status, so "the terminal is usable again" is
/// checked by the shell that would have to live with it.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct WorkbenchEndToEndTests {
  @Test func screensHelpResizeAndQuit() throws {
    let tmux = try Tmux.start(width: 100, height: 30)
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Explore") == true && $0.first?.contains("Lessons") == true }
    for (key, title) in [("2", "Train"), ("3", "Compare"), ("4", "Lessons"), ("Tab", "Explore")] {
      try tmux.send(key)
      try tmux.waitFor("the \(title) screen after \(key)") { $0.count > 1 && $0[1].contains("┌ \(title) ") }
    }
    try tmux.send("3")
    try tmux.waitFor("the engine's totals on Compare") { $0.joined().contains("60,000") }
    try tmux.send("?")
    try tmux.waitFor("the help overlay") { $0.joined().contains("show or hide this help") }
    try tmux.send("Escape")
    try tmux.waitFor("help to close") { !$0.joined().contains("show or hide this help") }
    try tmux.resize(width: 60, height: 20)
    try tmux.waitFor("a 60-column layout") { lines in
      lines.count == 20 && lines[1].hasPrefix("┌ Compare ") && lines[1].hasSuffix("┐")
        && lines[1].count == 60
    }
    try tmux.resize(width: 40, height: 10)
    try tmux.waitFor("the too-small notice") { $0.joined().contains("terminal too small") }
    try tmux.resize(width: 100, height: 30)
    try tmux.waitFor("the full layout again") { $0.count == 30 && $0[1].contains("┌ Compare ") }
    try tmux.send("q")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "0")
    try expectTerminalRestored(tmux, outcome)
  }

  @Test func ctrlCRestoresTheTerminal() throws {
    let tmux = try Tmux.start(width: 100, height: 30)
    defer { tmux.kill() }
    try tmux.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    try tmux.send("?")
    try tmux.waitFor("the help overlay") { $0.joined().contains("show or hide this help") }
    try tmux.send("C-c")
    let outcome = try tmux.waitForExit()
    // SIGINT → the handler restores the terminal and exits with 128 + 2.
    #expect(outcome.status == "130")
    try expectTerminalRestored(tmux, outcome)
  }

  @Test func ctrlZStopsCleanlyAndFgRepaints() throws {
    // An interactive shell, so that Ctrl-Z really stops the job (job control).
    let tmux = try Tmux.start(width: 100, height: 30, command: ["bash", "--norc", "--noprofile", "-i"])
    defer { tmux.kill() }
    try tmux.waitFor("the shell prompt") { $0.contains { $0.contains("$") || $0.contains("#") } }
    try tmux.send(Tmux.quoted(CommandRunner.binary) + " workbench", "Enter")
    try tmux.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    try tmux.send("3")
    try tmux.waitFor("the Compare screen") { $0.count > 1 && $0[1].contains("┌ Compare ") }
    try tmux.send("C-z")
    try tmux.waitFor("the job to stop") { $0.contains { $0.contains("Stopped") } }
    var flags = try tmux.flags()
    #expect(flags["alternate_on"] == "0", "stopped, but still on the alternate screen")
    #expect(flags["cursor_flag"] == "1", "stopped, but the cursor is hidden")
    try tmux.send("fg", "Enter")
    try tmux.waitFor("the repainted Compare screen") { $0.count > 1 && $0[1].contains("┌ Compare ") }
    flags = try tmux.flags()
    #expect(flags["alternate_on"] == "1")
    try tmux.send("q")
    try tmux.waitFor("the shell after quitting") { !$0.joined().contains("┌ Compare ") }
    try tmux.send("echo EXIT:$?", "Enter")
    try tmux.waitFor("the exit status") { $0.contains { $0.hasPrefix("EXIT:") } }
    #expect(try tmux.screen().contains("EXIT:0"))
  }

  @Test func refusesToStartWithoutATerminal() throws {
    let r = try CommandRunner.run(["workbench"])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(
      r.stderr
        == "convscope: error: the workbench needs a terminal; try `convscope --help` for the command-line tools\n"
    )
  }

  /// Main screen back, cursor visible, mouse reporting off, `stty` modes as before.
  func expectTerminalRestored(_ tmux: Tmux, _ outcome: Tmux.Outcome) throws {
    #expect(outcome.sameModes, "stty -g differs before and after the workbench")
    let flags = try tmux.flags()
    #expect(flags["alternate_on"] == "0", "still on the alternate screen")
    #expect(flags["cursor_flag"] == "1", "cursor left hidden")
    #expect(flags["mouse_any_flag"] == "0" && flags["mouse_standard_flag"] == "0", "mouse reporting left on")
  }
}

/// A private tmux server running the workbench in one pane.
struct Tmux {
  let socket: String
  let config: String

  /// What the wrapper shell printed after the workbench ended.
  struct Outcome {
    var status: String
    var sameModes: Bool
  }

  static var isInstalled: Bool {
    (try? run(["-V"]).status) == 0
  }

  /// `text` single-quoted for `sh`.
  static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// Starts a detached session of `width`×`height` running `command`, by default
  /// `convscope workbench` inside the wrapper shell described on the suite.
  /// `directory` is the workbench's working directory (where the Train screen writes `runs/`).
  static func start(width: Int, height: Int, command: [String]? = nil, directory: String? = nil) throws -> Tmux {
    let name = "convscope-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    let config = NSTemporaryDirectory() + name + ".conf"
    // tmux-256color gives the app 256 colours; no status line so the pane is the window.
    try "set -g default-terminal tmux-256color\nset -g status off\n".write(
      toFile: config, atomically: true, encoding: .utf8)
    let tmux = Tmux(socket: name, config: config)
    let binary = quoted(CommandRunner.binary)
    // `trap : INT QUIT` keeps the wrapper alive through Ctrl-C and Ctrl-\\ (the workbench
    // still gets the default action, as a no-op trap is not inherited), as an interactive
    // shell would be; `exec sleep` keeps the pane open.
    let script = """
      trap : INT QUIT; before=$(stty -g); \(binary) workbench; status=$?; after=$(stty -g); \
      [ "$before" = "$after" ] && same=yes || same=no; \
      printf '\\nEXIT:%s MODES-SAME:%s\\n' "$status" "$same"; exec sleep 600
      """
    try tmux.check(
      ["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-e", "LANG=C.UTF-8", "-e", "XDG_DATA_HOME=\(Fixtures.dataHome)"]
        + (directory.map { ["-c", $0] } ?? []) + (command ?? ["sh", "-c", script]))
    return tmux
  }

  /// Types keys (tmux key names such as `Tab`, `C-c`, `Enter`, or literal text).
  func send(_ keys: String...) throws {
    try check(["send-keys", "-t", "0"] + keys)
  }

  func resize(width: Int, height: Int) throws {
    try check(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
  }

  /// The pane's lines as shown.
  func screen() throws -> [String] {
    let text = try check(["capture-pane", "-p", "-t", "0"])
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  /// Terminal mode flags of the pane (alternate screen, cursor, mouse).
  func flags() throws -> [String: String] {
    let names = ["alternate_on", "cursor_flag", "mouse_any_flag", "mouse_standard_flag"]
    let format = names.map { "\($0)=#{\($0)}" }.joined(separator: " ")
    let text = try check(["display-message", "-p", "-t", "0", format])
    var result: [String: String] = [:]
    for pair in text.split(whereSeparator: \.isWhitespace) {
      let parts = pair.split(separator: "=", maxSplits: 1)
      if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
    }
    return result
  }

  /// Polls the screen every 50 ms until `condition` holds, failing after `timeout` seconds
  /// with the last screen in the message.
  func waitFor(
    _ what: String, timeout: Double = 15, _ condition: ([String]) -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let deadline = Date().addingTimeInterval(timeout)
    var lines: [String] = []
    while Date() < deadline {
      lines = try screen()
      if condition(lines) { return }
      usleep(50_000)
    }
    Issue.record("timed out waiting for \(what); screen:\n\(lines.joined(separator: "\n"))", sourceLocation: sourceLocation)
    throw TmuxError.timeout(what)
  }

  /// Waits for the wrapper's `EXIT:` line and parses it.
  func waitForExit() throws -> Outcome {
    try waitFor("the workbench to exit") { $0.contains { $0.hasPrefix("EXIT:") } }
    let line = try screen().first { $0.hasPrefix("EXIT:") } ?? ""
    let fields = line.split(separator: " ")
    let status = fields.first.map { String($0.dropFirst("EXIT:".count)) } ?? ""
    return Outcome(status: status, sameModes: line.contains("MODES-SAME:yes"))
  }

  func kill() {
    _ = try? Tmux.run(["-L", socket, "-f", config, "kill-server"])
    try? FileManager.default.removeItem(atPath: config)
  }

  /// Runs a tmux command on this server; throws when it fails.
  @discardableResult
  func check(_ arguments: [String]) throws -> String {
    let result = try Tmux.run(["-L", socket, "-f", config] + arguments)
    guard result.status == 0 else { throw TmuxError.failed(arguments.joined(separator: " "), result.output) }
    return result.output
  }

  /// Runs `tmux arguments…` and waits for it, with output collected in a file.
  ///
  /// Not `Foundation.Process`: on Linux it notices a child's exit when a socket it hands the
  /// child closes, and the tmux server that `new-session` forks inherits that socket and
  /// keeps it open, so `waitUntilExit` would wait for the server. `posix_spawn` + `waitpid`
  /// waits for exactly the client; descriptors above 2 are closed in the child, and the
  /// signal mask and dispositions are reset, because test threads block nearly every
  /// signal and a blocked mask is inherited all the way down to the workbench (Ctrl-Z and
  /// tmux's SIGHUP on kill-server would then do nothing).
  static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let path = NSTemporaryDirectory() + "convscope-tmux-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: path) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    closeFrom3(&actions)
    let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    var allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, envp)
    guard spawned == 0 else { throw TmuxError.failed("spawn tmux", String(cString: strerror(spawned))) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let output = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    // WIFEXITED / WEXITSTATUS by hand: the macros are not visible from Swift.
    let exitStatus: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    return (exitStatus, output)
  }

  /// `posix_spawn_file_actions_addclosefrom_np(actions, 3)` (glibc 2.34+), looked up at run
  /// time because Swift's Glibc module does not declare it.
  static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
  }
}

enum TmuxError: Error {
  case timeout(String)
  case failed(String, String)
}
