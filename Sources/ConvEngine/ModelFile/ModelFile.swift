/// A network written as text: convscope's model file (`*.convnet`), in the layer vocabulary
/// the built-in models use. One line each: a setting (`input 1x32x32`) or a layer
/// (`C1: conv 6 kernel=5 activation=relu`); `#` starts a comment. The README has the grammar.
///
/// Reading a file is parsing (`ModelFileParser`: every word checked, with line and column)
/// and then checking the shapes layer by layer (`ModelFileCheck`: the arithmetic that fails,
/// and a fix that works). Either way a bad file never reaches `Network`.
public enum ModelFile {
  /// The extension that marks a model file wherever a model name is expected.
  public static let fileExtension = ".convnet"

  /// Whether `name` (a model argument, a lesson link's model) names a model file rather than
  /// a built-in model.
  public static func isModelFile(_ name: String) -> Bool {
    name.lowercased().hasSuffix(fileExtension)
  }

  /// The model the file at `path` describes, checked (errors name `path`, the line and the
  /// column). Its notes end with where it was defined, unless `notingSource` is false (the
  /// built-in models, whose files are found wherever the assets are).
  public static func read(path: String, notingSource: Bool = true) throws -> ModelSpec {
    let bytes = try FileIO.read(path: path, as: .model)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw EngineError(path, "is not UTF-8 text")
    }
    return try parse(text, source: path, notingSource: notingSource)
  }

  /// The model `text` describes; `source` names it in errors (and in the last note, unless
  /// `notingSource` is false).
  public static func parse(_ text: String, source: String, notingSource: Bool = true) throws -> ModelSpec {
    let parsed = try ModelFileParser(text: text, source: source).parse()
    try ModelFileCheck.check(parsed, source: source)
    if let problem = parsed.preprocessingProblem { throw problem }
    var spec = parsed.spec
    if notingSource { spec.notes.append("Defined in \(source).") }
    return spec
  }
}
