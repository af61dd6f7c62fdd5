import ConvEngine

/// What a link may point at beyond the engine: the assets folder (images, weights, dataset
/// sizes), the lessons with their section anchors, and the quizzes. `resolve` is what
/// "every action link resolves" means in the tests.
public struct LessonLinkContext: Sendable {
  public var assetsDirectory: String?
  /// Lesson id → the anchors of its headings.
  public var lessonSections: [String: Set<String>]
  public var quizIDs: Set<String>
  /// The lessons folder, where `lessons/models/` files are read from.
  public var lessonsDirectory: String?
  /// "mnist:test" → number of images, read from the label files' headers.
  public var datasetSizes: [String: Int]

  public init(assetsDirectory: String?, lessonSections: [String: Set<String>], quizIDs: Set<String>,
              lessonsDirectory: String? = nil) {
    self.assetsDirectory = assetsDirectory
    self.lessonsDirectory = lessonsDirectory
    self.lessonSections = lessonSections
    self.quizIDs = quizIDs
    var sizes: [String: Int] = [:]
    if let assetsDirectory {
      for kind in DatasetKind.allCases {
        for split in [DatasetSplit.train, .test] {
          let labels = ImageDataset.paths(kind, split: split, assetsDirectory: assetsDirectory).labels
          if let idx = try? IDXArray.read(path: labels, itemName: "labels"), let n = idx.dims.first {
            sizes["\(kind.rawValue):\(split.rawValue)"] = n
          }
        }
      }
    }
    datasetSizes = sizes
  }

  /// Parses `target` and checks what it names exists.
  @discardableResult
  public func resolve(_ target: String) throws -> LessonLink {
    let action = try LessonLink(parsing: target)
    do {
      try check(action)
    } catch let error as LessonError {
      throw LessonError(target, error.description)
    }
    return action
  }

  /// Throws unless every file, dataset image, lesson, section and quiz `action` names exists.
  public func check(_ action: LessonLink) throws {
    switch action {
    case .explore(let e):
      if let input = e.input { try check(input) }
      if ModelFile.isModelFile(e.model.name) {
        let spec = try modelFile(e.model.name)
        if let layer = e.layer {
          guard spec.layers.contains(where: { $0.name.lowercased() == layer.lowercased() }) else {
            throw LessonError(e.model.name, "has no layer \"\(layer)\"; its layers: \(spec.layers.map(\.name).joined(separator: ", "))")
          }
          if let map = e.map { try LessonLink.checkMap(map, of: layer, in: spec, e.model.name) }
        }
      }
    case .train(let t):
      if let weights = t.weights { try checkFile(weights) }
      if let model = t.model, ModelFile.isModelFile(model.name) { _ = try modelFile(model.name) }
    case .compare:
      break
    case .lesson(let id, let section):
      guard let sections = lessonSections[id] else { throw LessonError(id, "no such lesson") }
      if let section, !sections.contains(section) {
        throw LessonError("\(id)#\(section)", "no such section; the lesson's anchors: \(sections.sorted().joined(separator: ", "))")
      }
    case .quiz(let id):
      guard quizIDs.contains(id) else { throw LessonError(id, "no quiz with this id (lessons/quizzes/\(id).md)") }
    }
  }

  public func check(_ input: LessonInput) throws {
    switch input {
    case .dataset(let kind, let split, let index):
      let key = "\(kind.rawValue):\(split.rawValue)"
      guard let count = datasetSizes[key] else { throw LessonError(input.text, "cannot read the \(key) labels under the assets folder") }
      guard index < count else { throw LessonError(input.text, "index \(index) is past the last image (\(count - 1))") }
    case .file(let path):
      try checkFile(path)
    }
  }

  /// The network of a link's `lessons/models/` file, read from the lessons folder in use.
  private func modelFile(_ path: String) throws -> ModelSpec {
    guard let lessonsDirectory else { throw LessonError(path, "no lessons folder to look in") }
    do {
      return try ModelFile.read(path: LessonPaths.underLessons(path, lessonsDirectory: lessonsDirectory))
    } catch {
      throw LessonError(path, "\(error)")
    }
  }

  private func checkFile(_ path: String) throws {
    guard let assetsDirectory else { throw LessonError(path, "no assets folder to look in") }
    guard let full = LessonPaths.underAssets(path, assetsDirectory: assetsDirectory), AssetLocator.isRegularFile(full) else {
      throw LessonError(path, "no such file under the assets folder (\(assetsDirectory))")
    }
  }
}
