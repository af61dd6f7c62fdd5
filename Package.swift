// swift-tools-version:6.2
import PackageDescription

// The dependency arrows are fixed here (see README "Layout"):
//   convscope (ConvScopeCLI) ─┬─> ConvScopeApp ─┬─> ConvEngine ─> CKernels, CDNNL, CZlib, CPNG, CJPEG
//                             │                 └─> TerminalUI
//                             ├─> NcursesBackend ─> TerminalUI, CNcurses
//                             └─> ArgumentParser
// ConvEngine and TerminalUI never import each other; only NcursesBackend touches ncurses.
// The fuzz build (CONVSCOPE_FUZZ=1, release with sanitizers) keeps Swift's own checks, so that
// a bounds or overflow bug the fuzzer reaches traps instead of passing unnoticed.
let fuzzing = Context.environment["CONVSCOPE_FUZZ"] == "1"
let releaseSpeed: [SwiftSetting] = fuzzing ? [] : [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
// The project's own Swift code builds without warnings, and a new one fails the build
// (dependencies are left alone).
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
  name: "convscope",
  products: [.executable(name: "convscope", targets: ["ConvScopeCLI"])],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // MARK: - System libraries (Debian packages; the Makefile installs them)
    .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CNcurses", providers: [.apt(["libncursesw5-dev"])]),
    .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(name: "CJPEG", providers: [.apt(["libjpeg-dev"])]),

    // MARK: - Engine and terminal toolkit (independent of each other)
    // The engine's innermost loops in C, compiled per CPU (AVX-512 / AVX2 / baseline) and picked
    // at load time; no FMA contraction, so results match the Swift reference bit for bit.
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),
    .target(name: "ConvEngine", dependencies: ["CKernels", "CDNNL", "CZlib", "CPNG", "CJPEG"], swiftSettings: releaseSpeed + strict),
    .target(name: "TerminalUI", swiftSettings: strict),
    .target(name: "NcursesBackend", dependencies: ["TerminalUI", "CNcurses"], swiftSettings: strict),

    // MARK: - App core and executable
    .target(name: "ConvScopeApp", dependencies: ["ConvEngine", "TerminalUI"], swiftSettings: strict),
    .executableTarget(name: "ConvScopeCLI", dependencies: [
      "ConvScopeApp", "ConvEngine", "TerminalUI", "NcursesBackend",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ], swiftSettings: strict),

    // MARK: - Tests
    .target(name: "TestSupport", dependencies: ["ConvEngine", "TerminalUI"], path: "Tests/TestSupport", swiftSettings: strict),
    .testTarget(name: "ConvEngineTests", dependencies: ["ConvEngine", "TestSupport"], swiftSettings: strict),
    .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"], swiftSettings: strict),
    .testTarget(name: "NcursesBackendTests", dependencies: ["NcursesBackend", "TerminalUI", "CNcurses"], swiftSettings: strict),
    .testTarget(name: "ConvScopeAppTests", dependencies: ["ConvScopeApp", "TestSupport"], exclude: ["__Snapshots__"], swiftSettings: strict),
    .testTarget(name: "CLITests", dependencies: ["TestSupport", "ConvEngine"], swiftSettings: strict),
  ]
)

// MARK: - Fuzz targets (only with CONVSCOPE_FUZZ=1; `make fuzz` builds and runs them)
// libFuzzer executables for every parser of files a user may be handed. They exist only when
// asked for, so `swift build` and `swift test` never try to link them without
// `-sanitize=fuzzer` (see Fuzz/FuzzSupport/FuzzDriver.swift for how they take over `main`).
if fuzzing {
  package.targets.append(.target(name: "FuzzSupport", dependencies: ["ConvEngine"], path: "Fuzz/FuzzSupport"))
  let fuzzTargets: [(String, [Target.Dependency])] = [
    ("FuzzSafeTensors", ["ConvEngine"]), ("FuzzIDX", ["ConvEngine"]), ("FuzzPNG", []), ("FuzzJPEG", []),
    ("FuzzPNM", []), ("FuzzLesson", ["ConvEngine", "ConvScopeApp"]),
    ("FuzzLessonLink", ["ConvScopeApp"]), ("FuzzTour", ["ConvEngine", "ConvScopeApp"]),
    ("FuzzTimeLapse", ["ConvEngine"]), ("FuzzModelFile", ["ConvEngine"]),
  ]
  for (name, dependencies) in fuzzTargets {
    package.targets.append(.executableTarget(
      name: name, dependencies: dependencies + ["FuzzSupport"], path: "Fuzz/\(name)",
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
  }
}
