import ConvEngine
import Foundation

/// Which tasks of which lessons the student has done: lesson id → the ids of its met tasks.
/// A met task stays met (the progress file keeps it) until the lesson's progress is reset.
public struct LessonProgress: Equatable, Sendable, Codable {
  /// The file format's version, written into the file so a later format can tell.
  public static let version = 1

  public var lessons: [String: Set<String>]

  public init(lessons: [String: Set<String>] = [:]) {
    self.lessons = lessons
  }

  public func isMet(_ task: String, in lesson: String) -> Bool { lessons[lesson]?.contains(task) ?? false }

  /// Marks `task` met; false when it already was.
  @discardableResult
  public mutating func markMet(_ task: String, in lesson: String) -> Bool {
    lessons[lesson, default: []].insert(task).inserted
  }

  /// Forgets every met task of `lesson`.
  public mutating func reset(_ lesson: String) {
    lessons[lesson] = nil
  }

  /// How many of `lesson`'s tasks are met (only tasks the lesson still has count).
  public func metCount(_ lesson: Lesson) -> Int {
    lesson.tasks.filter { isMet($0.id, in: lesson.id) }.count
  }
}

/// The progress file in the user's data folder: `$XDG_DATA_HOME/convscope/lesson-progress.json`,
/// with `~/.local/share` standing in for an unset `XDG_DATA_HOME` (the XDG base directory rule).
/// Written through `FileIO.writeAtomically` (a temporary file renamed over it), so a crash
/// mid-write never leaves half a file.
public enum LessonProgressStore {
  public static let fileName = "lesson-progress.json"

  /// The file's path for this environment; nil when neither `XDG_DATA_HOME` nor `HOME` is set.
  public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    // The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/convscope/" + fileName }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.local/share/convscope/" + fileName
  }

  /// What loading found: the progress (empty when there was no file) and, when the file was
  /// unreadable, the one-line problem naming it (the caller says it; the next save replaces it).
  public struct Loaded: Equatable, Sendable {
    public var progress: LessonProgress
    public var problem: String?
  }

  /// Reads the file; a missing file is no progress, a corrupt one is reported, never thrown.
  public static func load(path: String) -> Loaded {
    guard FileManager.default.fileExists(atPath: path) else { return Loaded(progress: LessonProgress(), problem: nil) }
    do {
      let bytes = try FileIO.read(path: path, as: .text)
      let file = try JSONDecoder().decode(File.self, from: Data(bytes))
      guard file.version == LessonProgress.version else {
        return Loaded(progress: LessonProgress(), problem: "\(path): progress file version \(file.version) is not \(LessonProgress.version); starting afresh (it will be replaced)")
      }
      return Loaded(progress: LessonProgress(lessons: file.lessons.mapValues(Set.init)), problem: nil)
    } catch let error as EngineError {
      return Loaded(progress: LessonProgress(), problem: "\(path): \(error.problem); starting afresh (it will be replaced)")
    } catch {
      return Loaded(progress: LessonProgress(), problem: "\(path): not a lesson progress file (bad JSON); starting afresh (it will be replaced)")
    }
  }

  /// Writes the file (and its folder): a temporary file, then a rename over the old one.
  public static func save(_ progress: LessonProgress, path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw LessonError(folder, "cannot create the folder for lesson progress")
    }
    let file = File(version: LessonProgress.version, lessons: progress.lessons.mapValues { $0.sorted() })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data: Data
    do { data = try encoder.encode(file) } catch { throw LessonError(path, "cannot encode the progress: \(error)") }
    do {
      try FileIO.writeAtomically(Array(data) + Array("\n".utf8), to: path)
    } catch let error as EngineError {
      throw LessonError(path, error.problem)
    }
  }

  /// The file as written: sorted task ids so the file diffs cleanly.
  struct File: Codable {
    var version: Int
    var lessons: [String: [String]]
  }
}
