#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Finds the folders convscope ships beside its binary, `assets` (datasets, sample images,
/// weights) and `lessons`, wherever it runs from: both are searched in the same places.
public enum AssetLocator {
  /// The file whose presence marks a folder as convscope's assets folder.
  public static let markerFile = "mnist/t10k-labels-idx1-ubyte.gz"
  /// The environment variable that can point at the assets folder.
  public static let environmentVariable = "CONVSCOPE_ASSETS"

  /// The folder a command's `--assets` option named, for a search that does not get it
  /// passed: the built-in model files (`models/NAME.convnet`), read while a command resolves
  /// its model name, come from it when it holds them (`ModelCatalog`). nil: none given.
  public static var commandLineFolder: String? { commandLine.withLock { $0 } }

  /// Records `--assets` for the rest of the run (`AssetsOption` does this as it is parsed).
  public static func useCommandLineFolder(_ folder: String?) {
    commandLine.withLock { $0 = folder }
  }

  private static let commandLine = Mutex<String?>(nil)

  /// The assets folder: `explicit` if given, else `$CONVSCOPE_ASSETS`, `./assets`, or a
  /// folder near the running executable — the first that holds `mnist/t10k-labels-idx1-ubyte.gz`.
  public static func assetsDirectory(explicit: String?) throws -> String {
    try assetsDirectory(explicit: explicit,
                        environment: environmentValue(environmentVariable),
                        currentDirectory: currentDirectory(),
                        executableDirectories: executableDirectories())
  }

  /// The folder holding `Package.swift` (the source checkout), if convscope runs from one.
  public static func packageRoot() -> String? {
    packageRoot(currentDirectory: currentDirectory(), executableDirectories: executableDirectories())
  }

  // MARK: - The search itself, with its inputs passed in so tests can drive it

  static func assetsDirectory(explicit: String?, environment: String?, currentDirectory: String?,
                              executableDirectories: [String]) throws -> String {
    // A folder the user named is never silently swapped for another one: if it is wrong,
    // say so, rather than running on whatever assets happen to be found elsewhere.
    if let explicit, !explicit.isEmpty {
      let folder = trimmingTrailingSlashes(explicit)
      if isRegularFile(folder + "/" + markerFile) { return folder }
      let why = isDirectory(folder) ? "is not a convscope assets folder: \(markerFile) is missing"
                                    : "no such folder"
      throw EngineError(explicit, why)
    }

    var tried: [String] = []
    let candidates = candidates(
      folder: "assets", environmentVariable: environmentVariable, environment: environment,
      currentDirectory: currentDirectory, executableDirectories: executableDirectories, packageRoot: nil)
    for candidate in candidates {
      let label = "\(candidate.path) (\(candidate.origin))"
      guard !tried.contains(label) else { continue }
      if isRegularFile(candidate.path + "/" + markerFile) { return candidate.path }
      tried.append(label)
    }
    throw EngineError("assets", "cannot find the assets folder (one that contains \(markerFile)); "
      + "tried: \(tried.joined(separator: ", ")); pass --assets DIR or set \(environmentVariable)")
  }

  /// Where a shipped folder named `folder` may be, in the order to try: the environment
  /// variable's value, `./folder`, the places an installed or a built binary keeps it
  /// (`.build/<config>/`, `.build/<triple>/<config>/`, `bin/` beside `share/convscope/`), and
  /// the package checkout when one is given.
  public static func candidates(
    folder: String, environmentVariable: String, environment: String?, currentDirectory: String?,
    executableDirectories: [String], packageRoot: String?
  ) -> [(path: String, origin: String)] {
    var candidates: [(path: String, origin: String)] = []
    if let environment, !environment.isEmpty {
      candidates.append((trimmingTrailingSlashes(environment), "$\(environmentVariable)"))
    }
    if let currentDirectory {
      candidates.append((join(currentDirectory, folder), "current folder"))
    }
    for exeDir in executableDirectories {
      for relative in ["../..", "../../..", "../share/convscope"] {
        candidates.append((join(exeDir, relative + "/" + folder), "next to the executable"))
      }
    }
    if let packageRoot { candidates.append((join(packageRoot, folder), "package checkout")) }
    return candidates
  }

  static func packageRoot(currentDirectory: String?, executableDirectories: [String]) -> String? {
    var candidates: [String] = []
    if let currentDirectory { candidates.append(currentDirectory) }
    for exeDir in executableDirectories {
      // <root>/.build/debug/exe and <root>/.build/<triple>/debug/exe
      candidates.append(join(exeDir, "../.."))
      candidates.append(join(exeDir, "../../.."))
    }
    return candidates.first { isRegularFile($0 + "/Package.swift") }
  }

  // MARK: - Where are we running from?

  /// Folders that may hold the running executable: `/proc/self/exe` resolved, then
  /// `CommandLine.arguments[0]` both as typed and with symlinks resolved (`.build/debug`
  /// is a symlink, and each spelling suggests different relative asset folders).
  public static func executableDirectories() -> [String] {
    var paths: [String] = []
    if let exe = resolvedPath("/proc/self/exe") { paths.append(exe) }
    if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
      let absolute = arg0.hasPrefix("/") ? arg0 : currentDirectory().map { join($0, arg0) } ?? arg0
      paths.append(normalized(absolute))
      if let resolved = resolvedPath(arg0) { paths.append(resolved) }
    }
    var directories: [String] = []
    for path in paths {
      let dir = parentDirectory(path)
      if !directories.contains(dir) { directories.append(dir) }
    }
    return directories
  }

  public static func currentDirectory() -> String? {
    guard let buffer = getcwd(nil, 0) else { return nil }
    defer { free(buffer) }
    return String(cString: buffer)
  }

  private static func environmentValue(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }

  private static func resolvedPath(_ path: String) -> String? {
    guard let buffer = realpath(path, nil) else { return nil }
    defer { free(buffer) }
    return String(cString: buffer)
  }

  // MARK: - Small path helpers (no Foundation, so the engine stays light)

  public static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// `base/relative` with `.` and `..` folded away, so the paths shown to users are readable.
  static func join(_ base: String, _ relative: String) -> String {
    normalized(base + "/" + relative)
  }

  /// Folds `.`, `..` and repeated slashes lexically (callers pass resolved paths).
  static func normalized(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else if part == ".." && absolute {
        continue  // "/.." is "/"
      } else {
        parts.append(part)
      }
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  static func parentDirectory(_ path: String) -> String {
    normalized(path + "/..")
  }

  private static func trimmingTrailingSlashes(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    return String(trimmed)
  }
}
