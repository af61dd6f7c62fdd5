/// A piece of state that no view draws (a counter of quiet turns, say), kept out of the
/// state's equality.
///
/// The loop redraws whenever the state differs from the one on screen, and comparing states
/// is how it knows; a counter bumped on every 50 ms turn would otherwise redraw a full screen
/// twenty times a second to show the same picture. While Explore follows a run that cost the
/// training it watches a measurable share of its two cores.
@propertyWrapper
public struct NotDrawn<Value: Sendable>: Equatable, Sendable {
  public var wrappedValue: Value

  public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

  /// Always equal: a change here never makes the screen out of date.
  public static func == (lhs: NotDrawn, rhs: NotDrawn) -> Bool { true }
}
