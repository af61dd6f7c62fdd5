import ArgumentParser
import ConvEngine

/// Model selection shared by the commands: a name plus AlexNet's width and input size.
struct ModelOptions: ParsableArguments {
  @Argument(help: "Model: \(ModelCatalog.names.joined(separator: ", ")).")
  var model: String

  @Option(help: "AlexNet only: multiply every layer's width (channels, FC units) by this, e.g. 0.25.")
  var width: Double = 1

  @Option(name: .customLong("input-size"), help: "AlexNet only: input height and width in pixels (default 227; torchvision 224).")
  var inputSize: Int?

  func spec(classes: Int? = nil) throws -> ModelSpec {
    try ModelCatalog.spec(named: model, width: width, inputSize: inputSize, classes: classes)
  }
}
