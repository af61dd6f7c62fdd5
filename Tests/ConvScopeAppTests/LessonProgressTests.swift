import ConvEngine
import Foundation
import Testing
import TestSupport

@testable import ConvScopeApp

/// The progress file: where it lives (XDG), that it survives a restart, and that a corrupt
/// one is reported and replaced. Every test uses its own temporary folder, never the real home.
@Suite struct LessonProgressTests {
  @Test func theFileFollowsTheXDGRule() {
    #expect(LessonProgressStore.path(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/convscope/lesson-progress.json")
    #expect(LessonProgressStore.path(environment: ["HOME": "/h"]) == "/h/.local/share/convscope/lesson-progress.json")
    // A relative XDG_DATA_HOME is invalid by the spec and ignored.
    #expect(LessonProgressStore.path(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"]) == "/h/.local/share/convscope/lesson-progress.json")
    #expect(LessonProgressStore.path(environment: [:]) == nil)
  }

  @Test func progressSurvivesARestart() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/convscope/lesson-progress.json"
    #expect(LessonProgressStore.load(path: path) == .init(progress: LessonProgress(), problem: nil))
    var progress = LessonProgress()
    let first = progress.markMet("c3-horizontal", in: "03-lenet5")
    let again = progress.markMet("c3-horizontal", in: "03-lenet5")
    #expect(first && !again)
    progress.markMet("lenet5-98", in: "03-lenet5")
    progress.markMet("biggest-layer", in: "04-scaling-up")
    try LessonProgressStore.save(progress, path: path)
    let loaded = LessonProgressStore.load(path: path)
    #expect(loaded.problem == nil)
    #expect(loaded.progress == progress)
    // No temporary file is left beside it.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/convscope") == ["lesson-progress.json"])
    progress.reset("03-lenet5")
    try LessonProgressStore.save(progress, path: path)
    #expect(LessonProgressStore.load(path: path).progress.lessons == ["04-scaling-up": ["biggest-layer"]])
  }

  @Test(arguments: ["{not json", "[1, 2]", "{\"version\": 1}", "\u{0}\u{1}garbage"])
  func aCorruptFileIsReportedAndReplaced(content: String) throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/lesson-progress.json"
    try content.write(toFile: path, atomically: true, encoding: .utf8)
    let loaded = LessonProgressStore.load(path: path)
    #expect(loaded.progress == LessonProgress())
    #expect(loaded.problem == "\(path): not a lesson progress file (bad JSON); starting afresh (it will be replaced)")
    var progress = loaded.progress
    progress.markMet("a", in: "01-convolution")
    try LessonProgressStore.save(progress, path: path)
    #expect(LessonProgressStore.load(path: path) == .init(progress: progress, problem: nil))
  }

  @Test func anotherVersionIsReportedAndAFolderIsNotAFile() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/lesson-progress.json"
    try "{\"version\": 7, \"lessons\": {}}".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(LessonProgressStore.load(path: path).problem == "\(path): progress file version 7 is not 1; starting afresh (it will be replaced)")
    let dir = folder + "/dir.json"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    #expect(LessonProgressStore.load(path: dir).problem?.hasPrefix(dir + ": ") == true)
    #expect(throws: LessonError.self) { try LessonProgressStore.save(LessonProgress(), path: dir) }
  }
}
