import ConvEngine
import Foundation

/// All lessons of a `lessons/` folder, in file-name order, with their quizzes from
/// `lessons/quizzes/`. Files that are not named `NN-topic.md` (the folder's README) are not
/// lessons.
public struct LessonLibrary: Sendable {
  /// The environment variable that can point at the lessons folder.
  public static let environmentVariable = "CONVSCOPE_LESSONS"

  public let directory: String
  public let lessons: [Lesson]
  /// Files that did not load, each with its one-line reason. A broken lesson or quiz is left
  /// out and reported here instead of hiding every other lesson.
  public let problems: [LessonError]

  /// Loads every lesson and quiz that parses; the others go to `problems` (a quiz that does
  /// not parse leaves its lesson without a quiz; a quiz without a lesson is a problem too).
  /// Throws only when the folder cannot be listed, or when no lesson loads and some failed.
  public init(directory: String) throws {
    self.directory = directory
    let files = try LessonFiles.markdownFiles(in: directory)
    let quizFolder = directory + "/quizzes"
    var problems: [LessonError] = []
    func noted(_ error: Error, _ path: String) -> LessonError {
      (error as? LessonError) ?? LessonError(path, "\(error)")
    }
    var quizzes: [String: Quiz] = [:]
    for file in (try? LessonFiles.markdownFiles(in: quizFolder)) ?? [] {
      let id = String(file.dropLast(3))
      let path = quizFolder + "/" + file
      do {
        quizzes[id] = try Quiz(id: id, text: try LessonFiles.read(path), path: path)
      } catch {
        problems.append(noted(error, path))
      }
    }
    var lessons: [Lesson] = []
    var lessonIDs: Set<String> = []
    for file in files where LessonLink.isLessonID(String(file.dropLast(3))) {
      let id = String(file.dropLast(3))
      let path = directory + "/" + file
      lessonIDs.insert(id)
      do {
        lessons.append(try Lesson(id: id, text: try LessonFiles.read(path), path: path,
                                  quizzes: quizzes.removeValue(forKey: id).map { [$0] } ?? []))
      } catch {
        quizzes.removeValue(forKey: id)
        problems.append(noted(error, path))
      }
    }
    for orphan in quizzes.keys.sorted() where !lessonIDs.contains(orphan) {
      problems.append(LessonError(quizFolder + "/" + orphan + ".md", "no lesson \(orphan).md for this quiz"))
    }
    if lessons.isEmpty, let first = problems.first { throw first }
    self.lessons = lessons
    self.problems = problems
  }

  /// One line for the files that did not load ("lessons/11-x.md: … (and 2 more files)").
  public var problemSummary: String? {
    guard let first = problems.first else { return nil }
    let more = problems.count - 1
    return first.description + (more > 0 ? " (and \(more) more file\(more == 1 ? "" : "s") not loaded)" : "")
  }

  /// Finds the lessons folder (`--lessons DIR`, `$CONVSCOPE_LESSONS`, `./lessons`, next to the
  /// executable, the package checkout) and loads it.
  public static func load(explicit: String? = nil) throws -> LessonLibrary {
    try LessonLibrary(directory: try locate(explicit: explicit))
  }

  /// The lesson with this id, or the only one whose number (`3`, `03`) or topic (`lenet5`)
  /// matches.
  public func lesson(_ key: String) -> Lesson? {
    if let exact = lessons.first(where: { $0.id == key }) { return exact }
    let matches = lessons.filter { lesson in
      let number = lesson.id.prefix(2)
      let topic = lesson.id.dropFirst(3)
      return Int(number) == Int(key) || topic == key || key == lesson.id + ".md"
    }
    return matches.count == 1 ? matches[0] : nil
  }

  /// Every quiz, in lesson order.
  public var quizzes: [Quiz] { lessons.flatMap(\.quizzes) }

  /// The quiz of lesson `key` (same matching as `lesson(_:)`).
  public func quiz(_ key: String) -> Quiz? { lesson(key)?.quizzes.first }

  /// What links in these lessons may point at, with `assetsDirectory` for images and data.
  public func linkContext(assetsDirectory: String?) -> LessonLinkContext {
    LessonLinkContext(
      assetsDirectory: assetsDirectory,
      lessonSections: Dictionary(uniqueKeysWithValues: lessons.map { ($0.id, Set($0.sections.map(\.anchor))) }),
      quizIDs: Set(quizzes.map(\.id)), lessonsDirectory: directory)
  }

  // MARK: - Finding the folder

  /// The lessons folder: `explicit` if given (an error if it holds no lessons), else the first
  /// of `$CONVSCOPE_LESSONS`, `./lessons`, folders near the executable and the package
  /// checkout that holds at least one `NN-topic.md`.
  public static func locate(explicit: String?) throws -> String {
    let environment = ProcessInfo.processInfo.environment[environmentVariable]
    return try locate(explicit: explicit, environment: environment,
                      currentDirectory: AssetLocator.currentDirectory(),
                      executableDirectories: AssetLocator.executableDirectories(),
                      packageRoot: AssetLocator.packageRoot())
  }

  static func locate(explicit: String?, environment: String?, currentDirectory: String?,
                     executableDirectories: [String], packageRoot: String?) throws -> String {
    if let explicit, !explicit.isEmpty {
      guard LessonFiles.holdsLessons(explicit) else {
        throw LessonError(explicit, AssetLocator.isDirectory(explicit)
          ? "is not a lessons folder: it has no NN-topic.md files" : "no such folder")
      }
      return explicit
    }
    let candidates = AssetLocator.candidates(
      folder: "lessons", environmentVariable: environmentVariable, environment: environment,
      currentDirectory: currentDirectory, executableDirectories: executableDirectories, packageRoot: packageRoot
    ).map(\.path)
    if let found = candidates.first(where: LessonFiles.holdsLessons) { return found }
    throw LessonError("lessons", "cannot find the lessons folder; tried \(candidates.joined(separator: ", ")); "
      + "pass --lessons DIR or set \(environmentVariable)")
  }
}

/// The few file operations the lessons need.
enum LessonFiles {
  static func read(_ path: String) throws -> String {
    let bytes: [UInt8]
    do {
      bytes = try FileIO.read(path: path, as: .text)
    } catch let error as EngineError {
      throw LessonError(path, error.problem)
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw LessonError(path, "is not UTF-8 text") }
    return text.withoutControlCharacters
  }

  /// `*.md` file names in `directory`, sorted.
  static func markdownFiles(in directory: String) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".md") }.sorted()
    } catch {
      throw LessonError(directory, "cannot list the folder")
    }
  }

  static func holdsLessons(_ directory: String) -> Bool {
    ((try? markdownFiles(in: directory)) ?? []).contains { LessonLink.isLessonID(String($0.dropLast(3))) }
  }
}
