/// The workbench's top-level screens, in tab order.
public enum Screen: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
  /// Step through a forward pass layer by layer.
  case explore
  /// Train a model and watch it learn.
  case train
  /// LeNet-5 and AlexNet side by side.
  case compare
  /// Short lessons with live examples.
  case lessons

  /// The tab title, also used as the screen's heading.
  public var title: String {
    switch self {
    case .explore: "Explore"
    case .train: "Train"
    case .compare: "Compare"
    case .lessons: "Lessons"
    }
  }

  /// The digit key that jumps here (`1` for the first tab).
  public var digit: Character {
    Character(String(rawValue + 1))
  }

  /// The screen whose digit is `character`, if any.
  public init?(digit character: Character) {
    guard let n = character.wholeNumberValue, let screen = Screen(rawValue: n - 1) else {
      return nil
    }
    self = screen
  }

  /// The next tab, wrapping from the last to the first.
  public var next: Screen {
    Screen(rawValue: (rawValue + 1) % Screen.allCases.count) ?? .explore
  }

  /// The previous tab, wrapping from the first to the last.
  public var previous: Screen {
    let count = Screen.allCases.count
    return Screen(rawValue: (rawValue + count - 1) % count) ?? .explore
  }

  public var description: String { title }
}
