/// Splits two models into stages and lines the stages and their layers up.
///
/// The rule (also printed by `convscope compare`, see `rule`):
/// - every convolution or fully connected layer starts a stage; the layers after it that
///   learn nothing of their own (pooling, LRN, dropout, flatten, and LeNet-5's sub-sampling,
///   which has 2 parameters per map but does pooling's job) join that stage;
/// - the classifier starts at the first fully connected layer, or at an earlier convolution
///   whose kernel covers its whole input (LeNet-5's C5: 5×5 kernels on 5×5 maps);
/// - conv blocks are lined up from the input (block 1 with block 1), classifier stages from
///   the output backwards (output with output, last hidden layer with last hidden layer), so
///   LeNet-5's C5/F6/output meet AlexNet's fc6/fc7/fc8;
/// - inside a stage, layers of the same role share a line (longest common subsequence of
///   roles); a layer the other model lacks (AlexNet's LRN) gets a line of its own.
enum StageAlignment {
  /// The alignment rule in one paragraph, for the output.
  static let rule = "Every convolution or fully connected layer starts a stage; pooling, LRN, dropout and flatten "
    + "(and LeNet-5's sub-sampling, which does pooling's job) join the stage before them. The classifier starts at "
    + "the first fully connected layer, or at a convolution whose kernel covers its whole input (LeNet-5's C5). "
    + "Conv blocks are lined up from the input; classifier stages from the output backwards, so the output layers "
    + "meet, then the last hidden layers. Inside a stage, layers of the same role share a line."

  /// A layer with the role it plays in its model.
  struct RoledRow {
    var role: LayerRole
    var row: ShapeRow
    /// Set when the role is not what the layer's kind suggests (a convolution acting as an FC layer).
    var note: String?
  }

  /// One model's layers, grouped into conv blocks and classifier stages.
  struct Grouped {
    var input: ShapeRow
    var features: [[RoledRow]] = []
    var classifier: [[RoledRow]] = []
  }

  /// A pseudo-row for the input image, so the input's memory is counted like a layer's.
  static func inputRow(_ table: ShapeTable) -> ShapeRow {
    ShapeRow(name: "input", kind: "input", details: "", activation: "identity", output: table.input, parameters: 0,
             derivation: "0", fixedValues: 0, macs: 0, activationBytes: table.input.reduce(4, *))
  }

  /// Whether a layer holds weights of its own and so starts a stage.
  private static func startsStage(_ kind: LayerKind) -> Bool {
    switch kind {
    case .conv, .fc, .rbf: return true
    case .subsample, .pool, .adaptiveAvgPool, .lrn, .dropout, .flatten: return false
    }
  }

  /// Whether a convolution's kernel covers its whole (unpadded) input, making it a full connection.
  static func coversWholeInput(_ c: ConvSpec, input: [Int]) -> Bool {
    input.count == 3 && c.padding == 0 && c.kernel == input[1] && c.kernel == input[2]
  }

  /// Groups `spec`'s layers (whose rows are `table.rows`) into stages.
  static func group(_ spec: ModelSpec, table: ShapeTable) -> Grouped {
    var grouped = Grouped(input: inputRow(table))
    var inputs: [[Int]] = [table.input]
    for row in table.rows.dropLast() { inputs.append(row.output) }
    let layers = Array(zip(spec.layers, zip(table.rows, inputs)))
    // The classifier starts at the first FC/RBF layer or whole-input convolution.
    let classifierStart = layers.firstIndex { layer, rowAndInput in
      switch layer.kind {
      case .fc, .rbf: return true
      case .conv(let c): return coversWholeInput(c, input: rowAndInput.1)
      default: return false
      }
    } ?? layers.count
    for (index, (layer, (row, input))) in layers.enumerated() {
      let inClassifier = index >= classifierStart
      var roled = RoledRow(role: role(of: layer.kind, inClassifier: inClassifier), row: row)
      if case .conv(let c) = layer.kind, inClassifier {
        let fanIn = input.reduce(1, *)
        roled.note = "\(row.name) is a convolution (\(c.kernel)×\(c.kernel) kernels), but each kernel covers its whole "
          + "\(input[1])×\(input[2]) input, so each of its \(row.output[0].grouped) outputs sees all \(fanIn.grouped) "
          + "input values: it plays the first fully connected layer's role (with a larger input its maps would be "
          + "larger than 1×1)."
      }
      if index == classifierStart || (startsStage(layer.kind) && inClassifier) {
        grouped.classifier.append([roled])
      } else if inClassifier {
        grouped.classifier[grouped.classifier.count - 1].append(roled)
      } else if startsStage(layer.kind) || grouped.features.isEmpty {
        grouped.features.append([roled])
      } else {
        grouped.features[grouped.features.count - 1].append(roled)
      }
    }
    return grouped
  }

  static func role(of kind: LayerKind, inClassifier: Bool) -> LayerRole {
    switch kind {
    case .conv: return inClassifier ? .fc : .conv
    case .fc, .rbf: return .fc
    case .subsample, .pool, .adaptiveAvgPool: return .pool
    case .lrn: return .norm
    case .dropout: return .dropout
    case .flatten: return .reshape
    }
  }

  /// The stages of two models, lined up by the rule above.
  static func stages(left: Grouped, right: Grouped) -> [ComparisonStage] {
    var stages = [ComparisonStage(role: .input, label: "input",
                                  lines: [ComparisonLine(role: .input, left: left.input, right: right.input)])]
    let blocks = max(left.features.count, right.features.count)
    for i in 0..<blocks {
      let a = i < left.features.count ? left.features[i] : []
      let b = i < right.features.count ? right.features[i] : []
      stages.append(ComparisonStage(role: .features, label: "conv block \(i + 1)", lines: lines(a, b),
                                    notes: (a + b).compactMap(\.note)))
    }
    // Classifier stages meet from the output backwards: pad the shorter list at its front.
    let fcCount = max(left.classifier.count, right.classifier.count)
    let l = Array(repeating: [RoledRow](), count: fcCount - left.classifier.count) + left.classifier
    let r = Array(repeating: [RoledRow](), count: fcCount - right.classifier.count) + right.classifier
    for i in 0..<fcCount {
      let label = i == fcCount - 1 ? "output" : "hidden FC \(i + 1)"
      stages.append(ComparisonStage(role: .classifier, label: label, lines: lines(l[i], r[i]),
                                    notes: (l[i] + r[i]).compactMap(\.note)))
    }
    return stages
  }

  /// Lines up two stages' layers by role: a longest common subsequence of the role lists puts
  /// matching roles on one line; each unmatched layer gets its own line, in model order.
  static func lines(_ a: [RoledRow], _ b: [RoledRow]) -> [ComparisonLine] {
    let n = a.count, m = b.count
    // lcs[i][j]: length of the longest common role subsequence of a[i...] and b[j...].
    var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = a[i].role == b[j].role ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var out: [ComparisonLine] = []
    var i = 0, j = 0
    while i < n || j < m {
      if i < n, j < m, a[i].role == b[j].role {
        out.append(ComparisonLine(role: a[i].role, left: a[i].row, right: b[j].row))
        i += 1
        j += 1
      } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
        out.append(ComparisonLine(role: a[i].role, left: a[i].row, right: nil))
        i += 1
      } else {
        out.append(ComparisonLine(role: b[j].role, left: nil, right: b[j].row))
        j += 1
      }
    }
    return out
  }
}
