import Foundation

extension Augmentation {
  /// Reads "crop,flip,pca" (any subset, or "none"); nil when a word is unknown. The CLI's
  /// `--augment` and the Train screen's runs share this reading.
  public init?(parsing text: String) {
    self = .off
    for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
      switch word {
      case "crop": randomCrop = true
      case "flip": flip = true
      case "pca": pcaColor = .imageNet
      case "none": break
      default: return nil
      }
    }
  }
}
