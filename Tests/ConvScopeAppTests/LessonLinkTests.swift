import ConvEngine
import Testing
import TestSupport

@testable import ConvScopeApp

/// The action-link grammar: what parses to which `LessonLink`, and what is rejected.
@Suite struct LessonActionTests {
  static let context = LessonLinkContext(
    assetsDirectory: Fixtures.assets, lessonSections: ["03-lenet5": ["c3-and-its-connection-table"], "06-alexnet": ["224-or-227"]],
    quizIDs: ["03-lenet5"])

  @Test func exploreLinksParseToTypedValues() throws {
    let a = try LessonLink(parsing: "convscope:explore?model=lenet5&layer=C3&input=mnist:test:7&map=15")
    #expect(a == .explore(LessonExplore(model: ModelChoice(name: "lenet5"), layer: "C3",
                                        input: .dataset(.mnist, .test, index: 7), map: 15)))
    #expect(a.screen == "explore")
    let photo = try LessonLink(parsing: "convscope:explore?model=alexnet&inputsize=224&layer=CONV1&input=assets/images/chelsea_227.ppm")
    guard case .explore(let e) = photo else { Issue.record("not explore"); return }
    #expect(e.model == ModelChoice(name: "alexnet", inputSize: 224))
    #expect(e.layer == "conv1")  // the spec's spelling
    #expect(e.input == .file(path: "assets/images/chelsea_227.ppm"))
    #expect(e.input?.sourceText(assetsDirectory: "/x/assets/") == "/x/assets/images/chelsea_227.ppm")
  }

  @Test func trainLinksParse() throws {
    let a = try LessonLink(parsing: "convscope:train?model=alexnet&width=0.25&inputsize=67&epochs=2&lr=0.005&batch=32"
      + "&augment=crop,flip&dropout=0&init=he&freeze=conv1,conv2&dataset=fashion-mnist&limit=1000&activation=tanh")
    guard case .train(let t) = a else { Issue.record("not train"); return }
    #expect(t.model == ModelChoice(name: "alexnet", width: 0.25, inputSize: 67))
    #expect(t.epochs == 2 && t.batchSize == 32 && t.limit == 1000)
    #expect(t.learningRate == 0.005)
    #expect(t.augment == ["crop", "flip"])
    #expect(t.dropout == 0)
    #expect(t.initialization == .he)
    #expect(t.freeze == ["conv1", "conv2"])
    #expect(t.dataset == .fashionMNIST)
    #expect(t.activation == .tanh)
    let preset = try LessonLink(parsing: "convscope:train?preset=relu-vs-tanh&epochs=1")
    guard case .train(let p) = preset else { Issue.record("not train"); return }
    #expect(p.model == nil)
    #expect(p.effectiveModel?.name == "lenet5-modern")
    #expect(preset.commandLineHint.contains("convscope train lenet5-modern --epochs 1"))
  }

  @Test func compareLessonAndQuizLinksParse() throws {
    #expect(try LessonLink(parsing: "convscope:compare?models=lenet5,alexnet")
              == .compare([ModelChoice(name: "lenet5"), ModelChoice(name: "alexnet")]))
    #expect(try LessonLink(parsing: "convscope:lesson?id=06-alexnet&section=224-or-227")
              == .lesson(id: "06-alexnet", section: "224-or-227"))
    #expect(try LessonLink(parsing: "convscope:quiz?id=03-lenet5") == .quiz(id: "03-lenet5"))
    // Lesson files, as GitHub links them.
    #expect(try LessonLink(parsing: "03-lenet5.md") == .lesson(id: "03-lenet5", section: nil))
    #expect(try LessonLink(parsing: "./06-alexnet.md#224-or-227") == .lesson(id: "06-alexnet", section: "224-or-227"))
    #expect(LessonLink.isActionTarget("03-lenet5.md"))
    #expect(!LessonLink.isActionTarget("https://example.org/a.md"))
    #expect(!LessonLink.isActionTarget("README.md"))
  }

  struct Bad: Sendable, CustomTestStringConvertible {
    var link: String
    var says: String
    var testDescription: String { link }
  }

  static let bad: [Bad] = [
    Bad(link: "convscope:explain?model=lenet5", says: "unknown screen"),
    Bad(link: "convscope:explore?model=lenet5&colour=red", says: "unknown key \"colour\""),
    Bad(link: "convscope:explore?model=lenet5&layer=C3&layer=C1", says: "given twice"),
    Bad(link: "convscope:explore?model=lenet7", says: "unknown model"),
    Bad(link: "convscope:explore?layer=C3", says: "needs model="),
    Bad(link: "convscope:explore?model=lenet5&layer=conv1", says: "has no layer \"conv1\""),
    Bad(link: "convscope:explore?model=lenet5&layer=C3&map=16", says: "past the last map"),
    Bad(link: "convscope:explore?model=lenet5&map=1", says: "needs layer"),
    Bad(link: "convscope:explore?model=lenet5&width=0.5", says: "AlexNet models only"),
    Bad(link: "convscope:explore?model=lenet5&input=mnist:val:3", says: "train or test"),
    Bad(link: "convscope:explore?model=lenet5&input=kmnist:test:3", says: "unknown dataset"),
    Bad(link: "convscope:explore?model=lenet5&input=/etc/passwd", says: "under assets/"),
    Bad(link: "convscope:explore?model=lenet5&input=assets/../x.ppm", says: "under assets/"),
    Bad(link: "convscope:explore?model=lenet5&input=assets/images/a.gif", says: "must end in"),
    Bad(link: "convscope:explore?model=lenet5&", says: "not key=value"),
    Bad(link: "convscope:explore?model=", says: "not key=value"),
    Bad(link: "convscope:train?epochs=1", says: "needs model="),
    Bad(link: "convscope:train?model=lenet5&epochs=1,000", says: "not a whole number"),
    Bad(link: "convscope:train?model=lenet5&epochs=0", says: "between 1 and 100"),
    Bad(link: "convscope:train?model=lenet5&lr=fast", says: "not a number"),
    Bad(link: "convscope:train?model=lenet5&augment=crop", says: "AlexNet models only"),
    Bad(link: "convscope:train?model=alexnet&augment=crop,zoom", says: "unknown augmentation"),
    Bad(link: "convscope:train?model=lenet5&dropout=0.5", says: "(lenet5 has none)"),
    Bad(link: "convscope:train?model=lenet5&activation=gelu", says: "unknown activation"),
    Bad(link: "convscope:train?model=lenet5&freeze=C1,C9", says: "has no layer \"C9\""),
    Bad(link: "convscope:train?preset=fast-vs-slow", says: "unknown preset"),
    Bad(link: "convscope:train?model=lenet5&weights=weights/x.safetensors", says: "under assets/"),
    Bad(link: "convscope:compare?models=lenet5,lenet6", says: "unknown model"),
    Bad(link: "convscope:compare?models=lenet5,lenet5,lenet5,lenet5,lenet5", says: "1 to 4"),
    Bad(link: "convscope:lesson?id=LeNet", says: "not a lesson id"),
    Bad(link: "convscope:lesson?section=x", says: "needs id="),
    Bad(link: "convscope:quiz?id=03-lenet5&section=x", says: "unknown key \"section\""),
    Bad(link: "https://example.org", says: "not an action link"),
  ]

  @Test(arguments: bad) func badLinksAreRejectedWithAReason(_ c: Bad) {
    #expect { try LessonLink(parsing: c.link) } throws: { error in
      "\(error)".contains(c.says)
    }
  }

  static let unresolved: [Bad] = [
    Bad(link: "convscope:explore?model=lenet5&input=mnist:test:10000", says: "past the last image (9999)"),
    Bad(link: "convscope:explore?model=lenet5&input=fashion-mnist:train:60000", says: "past the last image (59999)"),
    Bad(link: "convscope:explore?model=alexnet&input=assets/images/dog_227.ppm", says: "no such file"),
    Bad(link: "convscope:train?model=lenet5&weights=assets/weights/none.safetensors", says: "no such file"),
    Bad(link: "convscope:lesson?id=99-nothing", says: "no such lesson"),
    Bad(link: "convscope:lesson?id=03-lenet5&section=nowhere", says: "no such section"),
    Bad(link: "07-comparison.md", says: "no such lesson"),
    Bad(link: "convscope:quiz?id=06-alexnet", says: "no quiz"),
  ]

  @Test(arguments: unresolved) func linksToMissingThingsDoNotResolve(_ c: Bad) {
    #expect { try Self.context.resolve(c.link) } throws: { error in
      "\(error)".contains(c.says)
    }
  }

  @Test func linksToExistingThingsResolve() throws {
    for link in ["convscope:explore?model=lenet5&input=mnist:test:9999", "convscope:explore?model=lenet5&input=mnist:train:59999",
                 "convscope:explore?model=alexnet&input=assets/images/chelsea_227.ppm",
                 "convscope:train?model=lenet5-modern&weights=assets/weights/lenet5-modern.safetensors",
                 "convscope:lesson?id=03-lenet5&section=c3-and-its-connection-table", "03-lenet5.md", "convscope:quiz?id=03-lenet5"] {
      #expect(throws: Never.self, "\(link)") { try Self.context.resolve(link) }
    }
  }

  @Test func percentEscapesAreDecoded() throws {
    #expect(try LessonLink(parsing: "convscope:compare?models=lenet5%2Calexnet")
              == .compare([ModelChoice(name: "lenet5"), ModelChoice(name: "alexnet")]))
    #expect(throws: LessonError.self) { try LessonLink(parsing: "convscope:compare?models=lenet5%2") }
  }

  @Test func sectionAnchorsFollowGitHub() {
    #expect(LessonSection.anchor(for: "224 or 227?") == "224-or-227")
    #expect(LessonSection.anchor(for: "C3 and its connection table") == "c3-and-its-connection-table")
    #expect(LessonSection.anchor(for: "F6, and why 84 = 7×12") == "f6-and-why-84--712")
    #expect(LessonSection.anchor(for: "1. Depth and width") == "1-depth-and-width")
  }

  @Test func commandLineHintsNameRealCommands() throws {
    let explore = try LessonLink(parsing: "convscope:explore?model=alexnet&inputsize=224&layer=conv1&input=mnist:test:3")
    #expect(explore.commandLineHint.contains("convscope summary alexnet --input-size 224"))
    #expect(explore.commandLineHint.contains("convscope forward alexnet --input-size 224 --input mnist:test:3"))
    let compare = try LessonLink(parsing: "convscope:compare?models=lenet5,alexnet")
    #expect(compare.commandLineHint == "convscope summary lenet5\nconvscope summary alexnet")
  }
}
