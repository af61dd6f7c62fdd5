import ConvEngine

/// What the image targets run on their input: the decoder chosen by the first bytes, then the
/// digit preprocessing that Explore and `forward` apply to a photo for LeNet-5 (a resize of
/// the shorter side to 28 and a crop).
public func decodeImage(_ bytes: [UInt8]) {
  guard let image = try? RGBImage.decode(bytes, source: "fuzz") else { return }
  _ = ImagePreprocessing.digit(from: image, size: 28)
}

/// `decodeImage` on the input with `magic` put in front unless it starts with it, so that
/// every run reaches the decoder of that format.
public func decodeImage(_ input: [UInt8], startingWith magic: [UInt8]) {
  decodeImage(input.starts(with: magic) ? input : magic + input)
}
