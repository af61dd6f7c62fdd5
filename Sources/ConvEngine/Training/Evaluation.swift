/// Accuracy and confusion matrix on a labelled set.
public struct Evaluation: Sendable, Hashable, Codable {
  public var count: Int
  public var correct: Int
  public var loss: Double
  /// [true class][predicted class].
  public var confusion: [[Int]]
  public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
}
