import ConvEngine
import Foundation
import Testing
import TestSupport

/// AlexNet from the command line: summaries, training on the shipped data, forward with --dump.
@Suite(.serialized) struct AlexNetCLITests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  @Test(arguments: [("alexnet", "60,965,224"), ("alexnet-ungrouped", "62,378,344"), ("alexnet-torchvision", "61,100,840")])
  func summaryTotals(model: String, total: String) throws {
    let r = try run("summary", model)
    #expect(r.status == 0)
    #expect(r.stdout.contains(total))
    #expect(r.stdout.contains("227") || model == "alexnet-torchvision")
  }

  @Test func widthAndInputSizeShowTheirTrueCounts() throws {
    let r = try run("summary", "alexnet", "--width", "0.25", "--input-size", "67", "--json")
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let table = try ModelCatalog.spec(named: "alexnet", width: 0.25, inputSize: 67).shapeTable()
    #expect(object?["totalParameters"] as? Int == table.totalParameters)
    #expect(table.totalParameters < 3_000_000)
  }

  @Test(arguments: ["alexnet", "alexnet-ungrouped", "alexnet-torchvision"])
  func everyVariantTrainsOnTheShippedData(model: String) throws {
    let r = try run("train", model, "--width", "0.125", "--input-size", "67", "--epochs", "1", "--limit", "128",
                    "--batch", "32", "--test-limit", "64", "--augment", "crop,flip,pca", "--json")
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect((object?["epochs"] as? [[String: Any]])?.count == 1)
  }

  @Test func forwardDumpsEveryLayerByItsSummaryName() throws {
    let dir = Fixtures.temporaryDirectory()
    let r = try run("forward", "alexnet", "--width", "0.25", "--input", Fixtures.assets + "/images/chelsea_227.ppm",
                    "--dump", dir + "/dump.safetensors", "--top", "5", "--json")
    #expect(r.status == 0, "\(r.stderr)")
    let file = try SafeTensors.read(path: dir + "/dump.safetensors")
    let layers = try ModelCatalog.spec(named: "alexnet", width: 0.25).layers.map(\.name)
    #expect(file.tensors.map(\.name).sorted() == (layers + ["input", "logits", "probabilities"]).sorted())
    #expect(file["conv1"]?.shape == [1, 24, 55, 55])
    #expect(file["probabilities"]?.shape == [1, 1000])
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let top = ((object?["samples"] as? [[String: Any]])?.first?["top"] as? [[String: Any]]) ?? []
    #expect(top.count == 5)
    #expect(top.first?["name"] as? String != nil)
  }

  @Test func corruptImageIsAOneLineError() throws {
    let dir = Fixtures.temporaryDirectory()
    let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.assets + "/images/originals/chelsea.png"))
    try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: dir + "/cut.png"))
    let r = try run("forward", "alexnet", "--width", "0.25", "--input", dir + "/cut.png")
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("convscope: error: \(dir)/cut.png:"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func torchvisionStateDictKeysLoad() throws {
    // A torchvision-named file for the 0.25-width torchvision layout loads into our names.
    let spec = try ModelCatalog.spec(named: "alexnet-torchvision", width: 0.25)
    let net = try Network(spec: spec)
    net.initialize(seed: 3, scheme: .he)
    let reverse = Dictionary(uniqueKeysWithValues: Checkpoint.torchvisionAlexNetNames.map { ($1, $0) })
    let renamed = Checkpoint.tensors(of: net).map { t -> NamedTensor in
      let layer = String(t.name.split(separator: ".")[0]), kind = String(t.name.split(separator: ".")[1])
      return NamedTensor(name: "\(reverse[layer] ?? layer).\(kind)", shape: t.shape, values: t.values)
    }
    #expect(renamed.first?.name == "features.0.weight")
    #expect(renamed.last?.name == "classifier.6.bias")
    let dir = Fixtures.temporaryDirectory()
    try SafeTensors.write(renamed, to: dir + "/tv.safetensors")
    let loaded = try Network(spec: spec)
    try Checkpoint.load(dir + "/tv.safetensors", into: loaded)
    #expect(zip(loaded.savedParameters, net.savedParameters).allSatisfy { $0.value.array == $1.value.array })
  }
}
