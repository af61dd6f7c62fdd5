/// The lessons the workbench shows, loaded once and never changed.
///
/// A class so that `AppState` compares it by identity (one pointer check) instead of
/// comparing every parsed lesson each time the loop asks whether the screen changed.
public final class LessonShelf: Sendable, Equatable {
  public let lessons: [Lesson]
  /// Why loading failed, shown on the Lessons screen instead of an empty list; with lessons
  /// loaded, which files were left out (shown under the list).
  public let loadError: String?
  /// The folder the lessons came from: links to `lessons/models/` files open them there.
  public let directory: String?

  public init(lessons: [Lesson], loadError: String? = nil, directory: String? = nil) {
    self.lessons = lessons
    self.loadError = loadError
    self.directory = directory
  }

  /// Reads the lessons folder found the usual way (`LessonLibrary.locate`). Never throws: a
  /// folder that cannot be read becomes an empty shelf whose `loadError` the screen shows.
  /// The workbench reads it once at start and hands it to `AppState`; nothing keeps a
  /// process-wide copy, so two workbenches in one process can show different folders.
  public static func load(explicit: String? = nil) -> LessonShelf {
    do {
      let library = try LessonLibrary.load(explicit: explicit)
      return LessonShelf(lessons: library.lessons, loadError: library.problemSummary, directory: library.directory)
    } catch {
      return LessonShelf(lessons: [], loadError: String(describing: error))
    }
  }

  /// The lesson with this id, or the first one when `id` is nil or unknown.
  public func lesson(_ id: String?) -> Lesson? {
    lessons.first { $0.id == id } ?? lessons.first
  }

  /// The position of lesson `id` in the list (0 when unknown).
  public func index(of id: String?) -> Int {
    lessons.firstIndex { $0.id == id } ?? 0
  }

  public static func == (lhs: LessonShelf, rhs: LessonShelf) -> Bool { lhs === rhs }
}
