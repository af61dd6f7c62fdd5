import ArgumentParser
import ConvEngine

/// Model selection shared by the commands: a name plus AlexNet's width and input size.
struct ModelOptions: ParsableArguments {
  @Argument(help: "Model: \(ModelCatalog.names.joined(separator: ", ")).")
  var model: String

  @Option(help: "AlexNet only: multiply every layer's width (channels, FC units) by this, e.g. 0.25 (default 1, or what a train --save file records).")
  var width: Double?

  @Option(name: .customLong("input-size"), help: "AlexNet only: input height and width in pixels (default 227; torchvision 224; or what a train --save file records).")
  var inputSize: Int?

  /// The model as the options name it.
  var choice: ModelChoice { ModelChoice(name: model, width: width, inputSize: inputSize) }

  func spec(classes: Int? = nil) throws -> ModelSpec { try choice.spec(classes: classes) }

  /// The model as `file` was trained: AlexNet's width and input size come from the metadata
  /// `train --save` records (unless given here) and its number of classes from the last
  /// layer's weights, so a 10-class AlexNet trained on MNIST loads as one.
  func spec(fitting file: SafeTensorsFile, source: String) throws -> ModelSpec {
    let base = try spec()
    guard ModelCatalog.isResizable(model) else { return base }
    func recorded<T: LosslessStringConvertible>(_ key: String) throws -> T? {
      guard let text = file.metadata[key] else { return nil }
      guard let value = T(text) else { throw EngineError(source, "metadata \"\(key)\" = \"\(text)\" is not a number") }
      return value
    }
    let recorded = ModelChoice(name: model, width: try width ?? recorded("width"), inputSize: try inputSize ?? recorded("input_size"))
    let classes = Checkpoint.outputClasses(in: file, for: try recorded.spec())
    return try recorded.spec(classes: classes)
  }
}
