import Foundation

/// The Explore screen's one-line prompt: what it asks for, the line being typed, and what was
/// wrong with the last submitted text (shown beside the line until the user edits it).
public struct ExplorePrompt: Equatable, Sendable {
  /// What the typed text means.
  public enum Kind: Equatable, Sendable {
    /// A test-set index of the current 28×28 dataset (`DatasetKind` raw value).
    case index(dataset: String)
    /// An image file, as a path relative to the working directory, absolute, or with `~`.
    case path
  }

  public var kind: Kind
  public var editor: TextLineEditor
  /// Why the last Enter was refused; cleared when the text next changes.
  public var error: String?

  public init(_ kind: Kind, text: String = "") {
    self.kind = kind
    self.editor = TextLineEditor(text)
  }

  /// The label before the typed text.
  public var label: String {
    switch kind {
    case .index(let dataset): "\(dataset) test image # (0–\(ExploreState.testImageCount - 1)):"
    case .path: "Image file (PNG, JPEG, PPM, PGM):"
    }
  }

  /// What Enter does with `text`: the input to load, or the message to show instead.
  public static func input(for kind: Kind, text: String) -> Result<ExploreInput, PromptError> {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    switch kind {
    case .index(let dataset):
      let last = ExploreState.testImageCount - 1
      guard !trimmed.isEmpty else { return .failure(PromptError("type a number from 0 to \(last)")) }
      guard let index = Int(trimmed), (0...last).contains(index) else {
        return .failure(PromptError("\"\(trimmed)\" is not an index from 0 to \(last)"))
      }
      return .success(.dataset(dataset, index: index))
    case .path:
      guard !trimmed.isEmpty else { return .failure(PromptError("type the path of an image file")) }
      // Only the ends are trimmed: inner spaces belong to the file name.
      return .success(.file(trimmed))
    }
  }

  /// A refused prompt entry, in words for the status line.
  public struct PromptError: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
  }
}
