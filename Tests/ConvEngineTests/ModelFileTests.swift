import Foundation
import Testing
import TestSupport

@testable import ConvEngine

/// Model files: the shipped ones describe the built-in models exactly, every layer kind
/// parses, every mistake names its line and column, and a model from a file trains.
@Suite struct ModelFileTests {
  static func shipped(_ name: String) throws -> ModelSpec {
    try ModelFile.read(path: Fixtures.assets + "/models/\(name).convnet")
  }

  /// Everything but the names, title and notes (which say where the model came from).
  static func sameNetwork(_ a: ModelSpec, _ b: ModelSpec) -> Bool {
    a.input == b.input && a.layers == b.layers && a.head == b.head && a.classes == b.classes
      && a.preprocessing == b.preprocessing && a.defaultInit == b.defaultInit
  }

  /// The built-in models are their files in assets/models/ (`ModelCatalog`), sized and
  /// scaled as the Swift builders that came before them sized them: every field of every
  /// spec, for each model, AlexNet's widths (odd ones too, which round to counts the groups
  /// divide), input sizes and class counts, is what those builders made
  /// (`Tests/Fixtures/models/built-in-specs.txt`, written by them before they were removed).
  @Test(arguments: [
    ("lenet5", 1.0, nil, nil), ("lenet5", 1, nil, 10), ("lenet-5", 1, nil, nil), ("lenet5-modern", 1, nil, 10),
    ("alexnet", 1, nil, nil), ("alexnet", 1, nil, 10), ("alexnet", 0.25, 67, 10), ("alexnet", 0.1, 99, 7), ("alexnet", 0.3, nil, nil),
    ("alexnet", 1, 224, nil), ("alexnet-ungrouped", 1, nil, nil), ("alexnet-ungrouped", 0.25, 67, 10), ("alexnet-ungrouped", 0.13, nil, nil),
    ("alexnet-torchvision", 1, nil, nil), ("alexnet-torchvision", 0.25, 67, 10), ("alexnet-torchvision", 0.5, 227, 3), ("ALEXNET", 2, nil, nil),
  ] as [(String, Double, Int?, Int?)])
  func theBuiltInsAreWhatTheirBuildersWere(name: String, width: Double, size: Int?, classes: Int?) throws {
    let fixture = try String(contentsOfFile: Fixtures.packageRoot + "/Tests/Fixtures/models/built-in-specs.txt", encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let key = "\(name) \(width) \(String(describing: size)) \(String(describing: classes))"
    let at = try #require(fixture.firstIndex(of: key))
    let spec = try ModelCatalog.spec(named: name, width: width, inputSize: size, classes: classes)
    #expect(String(describing: spec) == fixture[at + 1])
  }

  @Test(arguments: [("lenet5", 60_000), ("lenet5-modern", 61_706), ("alexnet", 60_965_224), ("alexnet-ungrouped", 62_378_344),
                    ("alexnet-torchvision", 61_100_840)])
  func theShippedFilesAreTheBuiltInModels(name: String, parameters: Int) throws {
    let spec = try Self.shipped(name)
    let builtIn = try ModelCatalog.spec(named: name)
    #expect(Self.sameNetwork(spec, builtIn) && spec.notes == builtIn.notes + ["Defined in \(Fixtures.assets)/models/\(name).convnet."])
    #expect(try spec.shapeTable().totalParameters == parameters)
  }

  /// A built-in whose file is missing or broken is an error naming the file, never a crash.
  @Test func aMissingOrBrokenBuiltInFileNamesTheFile() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convscope-builtins-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: dir.path + "/models", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.path + "/models/lenet5.convnet"
    #expect(throws: EngineError(path, "no such file (the built-in model lenet5 is defined by this file; restore it from convscope's assets)")) {
      try ModelCatalog.file(of: "lenet5", assetsDirectory: dir.path)
    }
    try "model lenet5\ninput 1x32x32\nC1: conv 6 kernal=5\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: EngineError("\(path):3:12", "unknown option \"kernal\"; did you mean \"kernel\"?; conv takes kernel, stride, padding, groups, table, activation, bias")) {
      try ModelCatalog.file(of: "lenet5", assetsDirectory: dir.path)
    }
    try "model my-lenet\ninput 1x32x32\nout: fc 10\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: EngineError(path, "names its model \"my-lenet\", but it defines the built-in lenet5: its model line must be \"model lenet5\"")) {
      try ModelCatalog.file(of: "lenet5", assetsDirectory: dir.path)
    }
  }

  @Test func everyLayerKindParses() throws {
    let path = Fixtures.packageRoot + "/Tests/Fixtures/models/every-kind.convnet"
    let spec = try ModelFile.parse(try String(contentsOfFile: path, encoding: .utf8), source: path)
    #expect(spec.layers.map(\.name) == ["c1", "n1", "p1", "c2", "p2", "s3", "a", "f", "d", "h", "o"])
    #expect(spec.layers[0] == LayerSpec("c1", .conv(ConvSpec(outChannels: 8, kernel: 3, stride: 2, padding: 1)),
                                        activation: .relu, initialBias: 0.5))
    #expect(spec.layers[1].kind == .lrn(size: 3, alpha: 2e-4, beta: 0.5, k: 1))
    #expect(spec.layers[2].kind == .pool(.max, size: 3, stride: 2))
    #expect(spec.layers[3].kind == .conv(ConvSpec(outChannels: 8, kernel: 3, padding: 1, groups: 2)))
    #expect(spec.layers[4].kind == .pool(.average, size: 2, stride: 2))
    #expect(spec.layers[5].kind == .subsample(window: 2) && spec.layers[5].activation == .sigmoid)
    #expect(spec.layers[6].kind == .adaptiveAvgPool(outH: 3, outW: 3))
    #expect(spec.layers[8].kind == .dropout(p: 0.25))
    #expect(spec.head == .rbf(j: 5) && spec.classes == 10)
    #expect(spec.input == Shape(n: 1, c: 3, h: 67, w: 67) && spec.preprocessing == .imageNet && spec.defaultInit == .heZero)
    #expect(spec.title == "Every layer kind once")
    // The shapes: 67 → conv/2 pad 1 → 34 → pool 3/2 → 16 → conv pad 1 → 16 → avg 2 → 8 → sub 2 → 4 → 3×3.
    #expect(try spec.layerShapes().map { [$0.c, $0.h, $0.w] }.prefix(7)
            == [[8, 34, 34], [8, 34, 34], [8, 16, 16], [8, 16, 16], [8, 8, 8], [8, 4, 4], [8, 3, 3]])
  }

  static let base = "model m\ninput 1x28x28\n"

  /// Each mistake: the file, line and column, and what to do about it.
  @Test(arguments: [
    (base + "c1: conv 6 kernal=5\n", "m.convnet:3:12: unknown option \"kernal\"; did you mean \"kernel\"?"),
    (base + "c1: conv 6 kernel=5\nf: fc 10\ninptu 1x32x32\n", "m.convnet:5:1: unknown setting \"inptu\"; did you mean \"input\"?"),
    (base + "c1: convv 6 kernel=5\n", "m.convnet:3:5: unknown layer kind \"convv\"; did you mean \"conv\"?"),
    (base + "c1: conv 6 kernel=5 activation=rlu\nf: fc 10\n", "m.convnet:3:21: unknown activation \"rlu\"; did you mean \"relu\"?"),
    (base + "c1: conv six kernel=5\n", "m.convnet:3:10: maps must be a whole number, not \"six\""),
    (base + "c1: conv 6\n", "m.convnet:3:5: conv needs kernel=K"),
    (base + "c1: conv 6 kernel=5\nc1: fc 10\n", "m.convnet:4:1: layer c1 is already defined on line 3"),
    (base + "c1: conv 6 kernel=5\n", "m.convnet:3:1: the last layer (c1) must give the class scores"),
    ("input 1x28x28\nf: fc 10\n", "m.convnet:1:1: the file has no model name"),
    ("model m\ninput 1x28\nf: fc 10\n", "m.convnet:2:7: input must be 3 positive whole numbers joined by x"),
    ("model m\ninput 2x28x28\nf: fc 10\n", "m.convnet:2:7: input has 2 channels"),
    (base + "d: dropout 1.5\nf: fc 10\n", "m.convnet:3:12: p 1.5 is out of range"),
    (base + "c1: conv 99999999 kernel=5\n", "m.convnet:3:10: maps 99999999 is out of range (1…65536)"),
    (base + "f: fc 10\nhead rbf\n", "m.convnet:4:1: head rbf needs an rbf last layer"),
    ("model m\ninput 1x28x28\npreprocess lenet-pad32\nf: fc 10\n", "m.convnet:3:1: lenet-pad32 pads 28x28 digits to 1x32x32"),
    // A 1-channel input only as LeNet-5's padded digit: the imagenet encoder writes 3 channels.
    (base + "f: fc 10\n", "m.convnet:2:1: a 1-channel input is a 28x28 digit padded to 1x32x32 (lenet-pad32), but the input is 1x28x28; use input 1x32x32, or input 3x28x28"),
    ("model m\ninput 1x32x32\npreprocess imagenet\nf: fc 10\n", "m.convnet:3:1: imagenet gives 3 channels (a digit is copied into R, G and B), but the input is 1x32x32; use input 3x32x32"),
    // Shapes: the layer, its input, the arithmetic and the nearest fix.
    ("model m\ninput 1x4x4\nc1: conv 6 kernel=5\nf: fc 10\n",
     "m.convnet:3:1: layer c1: a 5×5 kernel with padding 0 does not fit a 4×4 input (its input is 1×4×4); 4 + 2·0 − 5 = -1 < 0; kernel=4 fits without padding, padding=1 fits, padding=2 keeps 4×4"),
    (base + "c1: conv 6 kernel=5 groups=4\nf: fc 10\n",
     "m.convnet:3:1: layer c1: 1 input and 6 output channels do not split into 4 groups (its input is 1×28×28); groups must divide both 1 and 6: 1"),
    (base + "c1: conv 6 kernel=5\ns2: subsample 5\nf: fc 10\n",
     "m.convnet:4:1: layer s2: 24×24 does not divide into 5×5 blocks (its input is 6×24×24); 24 mod 5 = 4; windows that divide 24×24: 1, 2, 3, 4, 6, 8"),
    (base + "f6: fc 80\no: rbf 10\n", "m.convnet:4:1: layer o: rbf compares its 80 inputs with the fixed 7×12 digit bitmaps"),
  ])
  func mistakesNameTheLineAndTheFix(text: String, expected: String) {
    #expect(throws: EngineError.self) { try ModelFile.parse(text, source: "m.convnet") }
    do {
      _ = try ModelFile.parse(text, source: "m.convnet")
    } catch {
      #expect(String(describing: error).hasPrefix(expected), "\(error)")
    }
  }

  @Test func theDatasetLineNamesTheData() throws {
    func spec(_ line: String, input: String = "1x32x32") throws -> ModelSpec {
      try ModelFile.parse("model m\ninput \(input)\n\(line)\no: fc 10\n", source: "m.convnet")
    }
    #expect(try spec("").data == nil && spec("").defaultDataset == .mnist)
    #expect(try spec("dataset fashion-mnist").defaultDataset == .fashionMNIST)
    #expect(try spec("dataset Photos", input: "3x64x64").data == .photos)
    #expect(try spec("dataset photos", input: "3x64x64").defaultDataset == nil)
    #expect(throws: EngineError("m.convnet:3:9", "photos are in colour, but the input is 1x32x32; use input 3x32x32 (photos are resized to it)")) {
      try spec("dataset photos")
    }
    #expect(throws: EngineError("m.convnet:3:9", "unknown dataset \"fashion\"; known: mnist, fashion-mnist, photos")) {
      try spec("dataset fashion")
    }
    // AlexNet sized down keeps what its file says.
    #expect(try ModelCatalog.spec(named: "alexnet", width: 0.25, inputSize: 67).data == nil)
  }

  @Test func notesRepeatAndEndWithTheFile() throws {
    let spec = try ModelFile.parse("model m\ninput 1x32x32\nnote two  words # not this\nnote again\no: fc 10\n", source: "m.convnet")
    #expect(spec.notes == ["two words", "again", "Defined in m.convnet."])
    #expect(throws: EngineError("m.convnet:2:5", "note needs a value")) {
      try ModelFile.parse("model m\nnote\n", source: "m.convnet")
    }
  }

  @Test func commentsBlankLinesAndWindowsLineEndingsAreFine() throws {
    let spec = try ModelFile.parse("# a comment\r\n\r\nmodel m   # named m\r\ninput 1x32x32\r\n\tc1: conv 6 kernel=5\r\nout : fc 10\r\n",
                                   source: "m.convnet")
    #expect(spec.layers.map(\.name) == ["c1", "out"])
    #expect(spec.preprocessing == .leNetPad32 && spec.head == .softmax)
  }

  /// One very long line (a pasted blob) is read in time proportional to its length. The
  /// bound is on this thread's CPU time, which a loaded machine does not stretch (the wall
  /// clock read 6.4 s at load 20); a parser quadratic in the line would need minutes.
  @Test func aHugeLineIsRefusedQuickly() throws {
    let text = Self.base + "c1: conv 6 kernel=5 " + String(repeating: "x=[", count: 300_000) + "\n"
    let cpu = ThreadCPUClock.seconds {
      #expect(throws: EngineError.self) { try ModelFile.parse(text, source: "m.convnet") }
    }
    #expect(cpu < 5)
  }

  /// A network only a model file describes (12 maps in C1, no C5) builds and learns.
  @Test func aModelFromAFileTrains() throws {
    let spec = try ModelFile.parse("""
      model twelve
      input 1x32x32
      C1: conv 12 kernel=5 activation=relu
      S2: maxpool 2
      C3: conv 16 kernel=5 activation=relu
      S4: maxpool 2
      F5: fc 64 activation=relu
      output: fc 10
      """, source: "twelve.convnet")
    #expect(try spec.shapeTable().totalParameters == 12 * 25 + 12 + 16 * 12 * 25 + 16 + 400 * 64 + 64 + 64 * 10 + 10)
    let data = try Fixtures.mnistTest(first: 256)
    let net = try Network(spec: spec, dropoutSeed: 1)
    net.initialize(seed: 1)
    var config = TrainingConfig()
    (config.batchSize, config.learningRate, config.momentum, config.seed, config.threads) = (32, 0.05, 0.9, 1, 1)
    let trainer = try Trainer(network: net, config: config)
    let losses = try (0..<32).map { _ in try trainer.trainStep(on: data).loss }
    let first = losses.prefix(4).reduce(0, +) / 4, last = losses.suffix(4).reduce(0, +) / 4
    #expect(last < 0.7 * first, "loss went from \(first) to \(last)")
  }

  @Test func fileErrorsNameTheFile() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("modelfile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let missing = dir.appendingPathComponent("none.convnet").path
    #expect(throws: EngineError.self) { try ModelFile.read(path: missing) }
    let binary = dir.appendingPathComponent("bad.convnet").path
    #expect(FileManager.default.createFile(atPath: binary, contents: Data([0xFF, 0xFE, 0x00, 0x80])))
    do {
      _ = try ModelFile.read(path: binary)
      Issue.record("a non-UTF-8 file was read")
    } catch {
      #expect(String(describing: error) == "\(binary): is not UTF-8 text")
    }
    // Wherever a model name is taken.
    let spec = try ModelCatalog.spec(named: Fixtures.assets + "/models/lenet5-modern.convnet")
    #expect(spec.name == "lenet5-modern" && spec.notes.last?.hasPrefix("Defined in ") == true)
  }

  @Test func editDistance() {
    #expect("kernal".editDistance(to: "kernel") == 1)
    #expect("".editDistance(to: "abc") == 3)
    #expect("input".editDistance(to: "input") == 0)
    #expect("inptu".editDistance(to: "input") == 1)  // a swap of neighbours is one edit
    #expect("ab".editDistance(to: "ba") == 1)
    #expect("relu".editDistance(to: "tanh") == 4)
  }
}
