import Foundation

/// Runs the real `convscope` binary and captures its exit code and output.
public enum CommandRunner {
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// The binary under test: `$CONVSCOPE_BIN` (set by `make test`), else the debug build.
  public static var binary: String {
    if let env = ProcessInfo.processInfo.environment["CONVSCOPE_BIN"], !env.isEmpty { return env }
    return Fixtures.packageRoot + "/.build/debug/convscope"
  }

  /// Runs `convscope args…` to completion with the package root as working directory
  /// (or another `executable`, such as `/bin/sh` to set a limit before starting convscope).
  public static func run(_ args: [String], environment: [String: String] = [:], executable: String? = nil) throws -> Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable ?? binary)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: Fixtures.packageRoot)
    var env = ProcessInfo.processInfo.environment
    env["XDG_DATA_HOME"] = Fixtures.dataHome
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes before waiting so a chatty child cannot fill a pipe and stall.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                  stderr: String(decoding: e, as: UTF8.self))
  }
}
