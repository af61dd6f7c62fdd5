import ConvEngine

/// The tours the workbench can play: every `*.md` in the lessons folder's `tours/`, in
/// file-name order. Loaded once, never changed; a class so `AppState` compares it by identity.
public final class TourShelf: Sendable, Equatable {
  public let tours: [Tour]
  /// Files that did not load, each with its one-line reason (`tours/x.md:12: …`).
  public let problems: [LessonError]

  public init(tours: [Tour], problems: [LessonError] = []) {
    self.tours = tours
    self.problems = problems
  }

  /// Reads `<lessons>/tours/`. A tour that does not parse is left out and named in
  /// `problems`; a folder that cannot be listed is one problem.
  public convenience init(directory: String) {
    var tours: [Tour] = []
    var problems: [LessonError] = []
    let files: [String]
    do {
      files = try LessonFiles.markdownFiles(in: directory)
    } catch {
      self.init(tours: [], problems: [(error as? LessonError) ?? LessonError(directory, "\(error)")])
      return
    }
    for file in files where file != "README.md" {
      let path = directory + "/" + file
      do {
        tours.append(try Tour(id: String(file.dropLast(3)), text: try LessonFiles.read(path), path: path))
      } catch {
        problems.append((error as? LessonError) ?? LessonError(path, "\(error)"))
      }
    }
    self.init(tours: tours, problems: problems)
  }

  /// The tours beside the lessons found the usual way (`LessonLibrary.locate`); none (and
  /// the reason) when there is no lessons folder.
  public static func load(lessons explicit: String? = nil) -> TourShelf {
    do {
      return TourShelf(directory: try LessonLibrary.locate(explicit: explicit) + "/tours")
    } catch {
      return TourShelf(tours: [], problems: [(error as? LessonError) ?? LessonError("tours", "\(error)")])
    }
  }

  /// The tour whose id is `key`, or the only one whose id starts with it or whose title is it
  /// (ignoring case).
  public func tour(_ key: String) -> Tour? {
    if let exact = tours.first(where: { $0.id == key || $0.id + ".md" == key }) { return exact }
    let lower = key.lowercased()
    let matches = tours.filter { $0.id.hasPrefix(lower) || $0.title.lowercased() == lower }
    return matches.count == 1 ? matches[0] : nil
  }

  public static func == (lhs: TourShelf, rhs: TourShelf) -> Bool { lhs === rhs }
}
