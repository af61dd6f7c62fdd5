import TerminalUI

/// The scrubber's keys, the same on Explore and Train (each screen's key table has a row
/// made from these, so both list them in help and the footer).
enum TimeLapseKeys {
  static let keys: [KeyEvent] = [.char("("), .char(")"), .char("P")]
  static let label = "( ) P"
  static let footer = "time-lapse"

  static func action(for event: KeyEvent) -> TimeLapseAction? {
    switch event.key {
    case .char("("): .step(-1)
    case .char(")"): .step(1)
    case .char("P"): .togglePlay
    default: nil
    }
  }
}
