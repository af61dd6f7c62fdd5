/// Accuracy and confusion matrix on a labelled set.
public struct Evaluation: Sendable, Hashable, Codable {
  /// One test image the network got wrong.
  public struct Mistake: Sendable, Hashable, Codable {
    /// Index of the image in the evaluated set.
    public var index: Int
    public var label: Int
    public var predicted: Int

    public init(index: Int, label: Int, predicted: Int) {
      self.index = index
      self.label = label
      self.predicted = predicted
    }
  }

  /// How many mistakes an evaluation keeps (the first ones in set order): enough for a
  /// gallery, few enough to copy around with every summary.
  public static let keptMistakes = 64

  public var count: Int
  public var correct: Int
  public var loss: Double
  /// [true class][predicted class].
  public var confusion: [[Int]]
  /// The first `keptMistakes` misclassified images, in set order. Not part of the JSON
  /// (reports stay small); a gallery reads them in-process.
  public var mistakes: [Mistake] = []
  public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

  public init(count: Int, correct: Int, loss: Double, confusion: [[Int]], mistakes: [Mistake] = []) {
    self.count = count
    self.correct = correct
    self.loss = loss
    self.confusion = confusion
    self.mistakes = mistakes
  }

  private enum CodingKeys: String, CodingKey { case count, correct, loss, confusion }
}
