import Foundation
import Testing
import TestSupport

/// `convscope compare` and `convscope transfer` from the command line.
@Suite(.serialized) struct CompareTransferCLITests {
  func run(_ args: String...) throws -> CommandRunner.Result { try CommandRunner.run(args) }

  func object(_ r: CommandRunner.Result) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  @Test func compareJSONHasTheComputedTotals() throws {
    let r = try run("compare", "--json", "--no-timing")
    #expect(r.status == 0, "\(r.stderr)")
    let json = try object(r)
    let left = try #require(json["left"] as? [String: Any]), right = try #require(json["right"] as? [String: Any])
    #expect(left["name"] as? String == "lenet5" && right["name"] as? String == "alexnet")
    #expect(left["parameters"] as? Int == 60_000 && right["parameters"] as? Int == 60_965_224)
    #expect(left["macs"] as? Int == 326_520 && right["macs"] as? Int == 724_406_816)
    let ratios = try #require(json["ratios"] as? [String: Any])
    #expect(((ratios["parameters"] as? Double) ?? 0).rounded() == 1_016)
    #expect(((ratios["macs"] as? Double) ?? 0).rounded() == 2_219)
    #expect((json["stages"] as? [Any])?.count == 9)
    #expect(json["timing"] == nil)
    let variant = try #require((json["variantRatios"] as? [[String: Any]])?.first)
    #expect(variant["variant"] as? String == "lenet5-modern")
    #expect((((variant["ratios"] as? [String: Any])?["macs"] as? Double) ?? 0).rounded() == 1_739)
  }

  @Test func compareTextLinesTheModelsUp() throws {
    let r = try run("compare", "lenet5-modern", "alexnet-torchvision", "--no-timing")
    #expect(r.status == 0, "\(r.stderr)")
    for text in ["61,706", "61,100,840", "conv block 1", "hidden FC 1", "C5 is a convolution",
                 "with lenet5 (60,000 parameters, 326,520 MACs)", "design choices", "[Krizhevsky et al. 2012, Sec. 4.1"] {
      #expect(r.stdout.contains(text), "missing \(text)")
    }
    #expect(!r.stdout.contains("measured on this machine"))
  }

  @Test func compareChartsParametersAndMACsPerStage() throws {
    let r = try run("compare", "--no-timing")
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains("Parameters per stage (log scale; share of the model's total)"))
    // fc6's stage: 37,752,832 of AlexNet's 60,965,224 parameters.
    #expect(lines.contains { $0.contains("alexnet") && $0.contains("█") && $0.hasSuffix("37,752,832  61.9%") })
    #expect(lines.contains { $0.hasPrefix("MACs per image, per stage") })
    let ascii = try run("compare", "--no-timing", "--ascii")
    #expect(ascii.status == 0)
    #expect(ascii.stdout.allSatisfy { $0.isASCII })
    #expect(ascii.stdout.contains("#  37,752,832  61.9%"))
  }

  @Test func compareTimesTwoSmallModels() throws {
    let r = try run("compare", "lenet5", "lenet5-modern", "--iterations", "1", "--steps", "1", "--batch", "4")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("measured on this machine"))
    #expect(r.stdout.contains("one epoch of 1.2 M images"))
  }

  @Test func compareRejectsBadModels() throws {
    let one = try run("compare", "lenet5")
    #expect(one.status == 64)
    let unknown = try run("compare", "lenet5", "lenet7", "--no-timing")
    #expect(unknown.status == 1)
    #expect(unknown.stderr.hasPrefix("convscope: error: lenet7: unknown model"))
    #expect(unknown.stderr.split(separator: "\n").count == 1)
  }

  @Test func transferRunsThreeArms() throws {
    let r = try run("transfer", "--examples", "100", "--epochs", "1", "--test-limit", "2000", "--json")
    #expect(r.status == 0, "\(r.stderr)")
    let json = try object(r)
    let arms = try #require(json["arms"] as? [[String: Any]])
    #expect(arms.map { $0["arm"] as? String } == ["frozen-features", "fine-tune-all", "from-scratch"])
    for arm in arms {
      #expect((arm["epochs"] as? [Any])?.count == 1)
      #expect((arm["stepLoss"] as? [Any])?.count == 4)
    }
    #expect(json["examples"] as? Int == 100)
    #expect(json["classCounts"] as? [Int] == Array(repeating: 10, count: 10))
  }

  @Test func transferTextEndsWithTheTable() throws {
    let r = try run("transfer", "--model", "lenet5", "--examples", "100", "--epochs", "1", "--test-limit", "500",
                    "--arms", "frozen-features,from-scratch")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("trains F6 only; C1, S2, C3, S4, C5 frozen"))
    #expect(r.stdout.contains("final test accuracy"))
    #expect(r.stdout.contains("frozen pretrained features end"))
    #expect(!r.stdout.contains("fine-tune all"))
  }

  @Test func transferRejectsBadInput() throws {
    let layer = try run("transfer", "--examples", "100", "--train-layers", "nope")
    #expect(layer.status == 1)
    #expect(layer.stderr.hasPrefix("convscope: error: nope:"))
    #expect(try run("transfer", "--examples", "5").status == 64)
    #expect(try run("transfer", "--arms", "sideways").status == 64)
    let weights = try run("transfer", "--examples", "100", "--weights", "/nonexistent/w.safetensors")
    #expect(weights.status == 1 && weights.stderr.hasPrefix("convscope: error: /nonexistent/w.safetensors:"))
  }
}
