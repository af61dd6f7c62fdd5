/// Parses the inputs the CLI and workbench accept: `DATASET:SPLIT:INDEX`, a safetensors file
/// holding a float32 NCHW tensor named `input`, or an image file.
public enum InputSource {
  /// The network input for `text`, the class names that go with it (nil: use the model's),
  /// and a description for display. Datasets come from `datasets` when given (kept for the
  /// next call), else are read for this call alone.
  public static func load(_ text: String, for spec: ModelSpec, assets: String?, datasets: DatasetCache? = nil) throws
    -> (tensor: Tensor, classNames: [String]?, description: String)
  {
    let parts = text.split(separator: ":").map(String.init)
    if parts.count == 3, let kind = DatasetKind(rawValue: parts[0]) {
      guard let split = DatasetSplit(rawValue: parts[1]) else {
        throw EngineError(text, "the split must be train or test")
      }
      guard let index = Int(parts[2]), index >= 0 else { throw EngineError(text, "the index must be a number ≥ 0") }
      guard let assets else { throw EngineError(text, "no assets folder found; pass --assets DIR") }
      let data = try datasets?.dataset(kind, split: split, assetsDirectory: assets)
        ?? ImageDataset.load(kind, split: split, assetsDirectory: assets)
      guard index < data.count else { throw EngineError(text, "index \(index) is past the last image (\(data.count - 1))") }
      let x = Tensor(zeros: spec.input.batch(1))
      InputEncoder.fill(x, labels: nil, from: data, indices: index...index, preprocessing: spec.preprocessing)
      let label = Int(data.labels[index])
      return (x, spec.classes == data.classNames.count ? data.classNames : nil,
              "\(kind.rawValue) \(split.rawValue) image \(index) (label \(label)"
                + (data.classNames[label] == "\(label)" ? ")" : " \(data.classNames[label]))"))
    }
    if text.hasSuffix(".safetensors") {
      let file = try SafeTensors.read(path: text)
      guard let t = file["input"] else {
        throw EngineError(text, "has no tensor named \"input\" (found: \(file.tensors.map(\.name).joined(separator: ", ")))")
      }
      let want = [spec.input.c, spec.input.h, spec.input.w]
      guard t.shape.count == 4, Array(t.shape[1...]) == want, t.shape[0] >= 1 else {
        throw EngineError(text, "tensor \"input\" has shape \(t.shape) but \(spec.name) needs [N, \(want.map(String.init).joined(separator: ", "))]")
      }
      let x = Tensor(shape: spec.input.batch(t.shape[0]), values: t.values)
      return (x, nil, "\(text) (\(t.shape[0]) × \(want.map(String.init).joined(separator: "×")))")
    }
    let image = try RGBImage.read(path: text)
    switch spec.preprocessing {
    case .imageNet:
      return (ImagePreprocessing.tensor(from: image, size: spec.input.h), nil,
              "\(text) (\(image.width)×\(image.height), resized and centre-cropped to \(spec.input.h))")
    case .leNetPad32:
      let (pixels, inverted) = ImagePreprocessing.digit(from: image, size: 28)
      let x = InputEncoder.encode(pixels: pixels, rows: 28, cols: 28, preprocessing: .leNetPad32)
      return (x, nil, "\(text) (as a 28×28 digit\(inverted ? ", inverted to light-on-dark" : ""))")
    }
  }
}
