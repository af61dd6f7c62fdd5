/// The 1000 ImageNet class names shipped in `assets/imagenet_classes.txt`, one per line in
/// the order of AlexNet's outputs. Both `forward` and the Explore screen label AlexNet's
/// probabilities with them.
public enum ImageNetClasses {
  public static let fileName = "imagenet_classes.txt"

  /// The names from the assets folder, or nil when it or the file is missing, unreadable or
  /// shorter than 1000 lines (the caller then falls back to "class 7").
  public static func load(assets: String?) -> [String]? {
    guard let assets, let bytes = try? FileIO.read(path: assets + "/" + fileName, as: .text) else { return nil }
    let names = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return names.count >= 1000 ? names.prefix(1000).map(String.init) : nil
  }

  /// The names that label a model with `classes` outputs: the digits' for 10, ImageNet's for
  /// 1000 (from `assets`), none otherwise.
  public static func names(forClasses classes: Int, assets: String?) -> [String]? {
    if classes == 10 { return DatasetKind.mnist.classNames }
    return classes == 1000 ? load(assets: assets) : nil
  }
}
