@testable import ConvScopeApp

/// The engine session the tests that call the engine directly share, so the networks and
/// datasets they build are built once for the whole test run (as one workbench would).
let testEngine = EngineSession()
