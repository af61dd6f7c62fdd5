@testable import ConvScopeApp

/// The engine session the tests that call the engine directly share, so the networks and
/// datasets they build are built once for the whole test run (as one workbench would).
let testEngine = EngineSession()

/// The repository's lessons, read once for the tests that show or follow them (the workbench
/// reads them the same way at start and hands them to `AppState`).
let testLessons = LessonShelf.load()
