import ConvEngine

/// Opening, editing and reloading model files (`*.convnet`) from Explore and Train (`F`, `M`).
public enum ModelFileAction: Equatable, Sendable {
  /// Open the prompt for a model file's path (`F`).
  case openPrompt
  /// Edit the prompt's line.
  case promptEdit(TextLineEditor.Edit)
  /// Read the typed file (or say why not and keep the prompt open).
  case promptSubmit
  case promptCancel
  /// Open the screen's model file in `$EDITOR`, then read it again (`M`).
  case edit
  /// The editor could not be started or gave up (its message); the file is not read again.
  case editorFailed(String)
  /// A model file was read (by the effect that opened or edited it).
  case read(ModelFileRead)
  /// Close the report of what an edit changed.
  case closeReport
}

/// The outcome of reading a model file, for the pure update: the network it describes, or
/// the one-line message (file:line:column) of its first mistake.
public struct ModelFileRead: Equatable, Sendable {
  public enum Purpose: Equatable, Sendable {
    /// The user opened the file (`F`): the screen switches to it.
    case open
    /// The file was edited (`M`): the screen reloads it and shows what changed.
    case edit
  }

  public enum Outcome: Equatable, Sendable {
    case spec(ModelSpec)
    case failed(String)
  }

  public var path: String
  /// The screen that asked (Explore or Train).
  public var screen: Screen
  public var purpose: Purpose
  public var outcome: Outcome
  /// The shipped file the screen showed, when `path` is the user's copy of it (`M` on a
  /// lesson's or a built-in's file edits a copy).
  public var copyOf: String?

  public init(path: String, screen: Screen, purpose: Purpose, outcome: Outcome, copyOf: String? = nil) {
    self.path = path
    self.screen = screen
    self.purpose = purpose
    self.outcome = outcome
    self.copyOf = copyOf
  }

  /// Reads the file at `path` (the I/O of the `.readModelFile` and `.editModelFile` effects).
  static func reading(_ path: String, screen: Screen, purpose: Purpose, copyOf: String? = nil) -> ModelFileRead {
    let outcome: Outcome
    do {
      outcome = .spec(try ModelFile.read(path: path))
    } catch {
      outcome = .failed(String(describing: error))
    }
    return ModelFileRead(path: path, screen: screen, purpose: purpose, outcome: outcome, copyOf: copyOf)
  }
}
