import Testing

@testable import ConvScopeApp

/// The app core is laid out but holds no behaviour yet (issue: the workbench shell).
@Suite struct ConvScopeAppTests {
  @Test func moduleLinks() {
    #expect(String(describing: ConvScopeApp.self) == "ConvScopeApp")
  }
}
