import Foundation

/// The Python the export tests run `model.py` and `check.py` with. None of it is needed for
/// `make test`: without Python 3 the compile checks are skipped, and without torch the
/// PyTorch runs are.
public enum Python {
  /// `$CONVSCOPE_PYTHON`, else `python3` on the PATH; nil when neither runs.
  public static let interpreter: String? = {
    candidates.first { runs($0, "import sys; sys.exit(0 if sys.version_info[0] == 3 else 1)") }
  }()

  /// The first candidate that can `import torch`: `$CONVSCOPE_PYTHON`, the venv that
  /// /work/shared/bench/ratios.sh sets up (`$PEERS_VENV`, default ~/.cache/convscope-peers),
  /// then `python3`.
  public static let torchInterpreter: String? = {
    candidates.first { runs($0, "import torch") }
  }()

  private static var candidates: [String] {
    let env = ProcessInfo.processInfo.environment
    var list: [String] = []
    if let p = env["CONVSCOPE_PYTHON"], !p.isEmpty { list.append(p) }
    let venv = env["PEERS_VENV"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (NSHomeDirectory() + "/.cache/convscope-peers")
    list.append(venv + "/bin/python")
    list.append("python3")
    return list
  }

  /// Runs `python -c code`; whether it exited with 0.
  private static func runs(_ python: String, _ code: String) -> Bool {
    (try? run(python, ["-c", code]).status) == 0
  }

  /// Runs `python args…` to completion (a bare name is looked up on the PATH).
  public static func run(_ python: String, _ args: [String]) throws -> CommandRunner.Result {
    try CommandRunner.run(python.contains("/") ? args : [python] + args, executable: python.contains("/") ? python : "/usr/bin/env")
  }
}
