import Foundation
import Testing
import TestSupport

/// Issue 19: every way out of the workbench while LeNet-5 trains on the Train screen — quitting,
/// Ctrl-\, SIGINT, SIGTERM, SIGHUP and a crash — ends the program promptly with the terminal as
/// it was (main screen, cursor visible, mouse off, `stty` modes unchanged).
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed; the workbench end-to-end tests need it"))
struct SignalsEndToEndTests {
  /// Opens the Train screen and starts the recipe's LeNet-5 run; returns when it trains.
  func startTraining(_ tmux: Tmux) throws {
    try tmux.waitFor("the tab bar") { $0.first?.contains("Explore") == true }
    try tmux.send("2")
    try tmux.waitFor("the Train screen") { $0.count > 1 && $0[1].contains("┌ Train ") }
    try tmux.send("Enter")
    try tmux.waitFor("training to run") { $0.joined().contains("img/s") }
  }

  /// The checks of the other workbench tests: main screen, cursor, mouse off, same modes.
  func expectRestored(_ tmux: Tmux, _ outcome: Tmux.Outcome) throws {
    try WorkbenchEndToEndTests().expectTerminalRestored(tmux, outcome)
  }

  /// Item 2: `q` `y` at a random moment of a run, several times: always exit 0.
  @Test func quittingWhileTrainingNeverCrashes() throws {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3 {
      let tmux = try Tmux.start(width: 120, height: 40)
      defer { tmux.kill() }
      try startTraining(tmux)
      usleep(UInt32.random(in: 0...1_500_000, using: &generator))
      try tmux.send("q")
      try tmux.send("y")
      let outcome = try tmux.waitForExit()
      #expect(outcome.status == "0")
      try expectRestored(tmux, outcome)
    }
  }

  /// Item 5: Ctrl-\ (SIGQUIT) quits, restoring the terminal, instead of printing a crash
  /// report and running on.
  @Test func ctrlBackslashQuitsWithTheTerminalRestored() throws {
    let tmux = try Tmux.start(width: 100, height: 30)
    defer { tmux.kill() }
    try startTraining(tmux)
    try tmux.send("C-\\")
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "131")
    try expectRestored(tmux, outcome)
  }

  /// SIGINT, SIGTERM, SIGHUP and a crash (SIGSEGV, SIGABRT) during training: exit 128 + signal
  /// within seconds, terminal restored.
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT])
  func aSignalDuringTrainingRestoresTheTerminal(signal: Int32) throws {
    let tmux = try Tmux.start(width: 100, height: 30)
    defer { tmux.kill() }
    try startTraining(tmux)
    let found = try tmux.workbenchPID()
    let pid = try #require(found, "no workbench process under the pane's shell")
    kill(pid, signal)
    let outcome = try tmux.waitForExit()
    #expect(outcome.status == "\(128 + signal)")
    try expectRestored(tmux, outcome)
  }
}

extension Tmux {
  /// The workbench's process id: the child of the wrapper shell that runs in the pane.
  func workbenchPID() throws -> pid_t? {
    let shell = try check(["display-message", "-p", "-t", "0", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
    return children.split(separator: " ").first.flatMap { pid_t($0) }
  }
}
