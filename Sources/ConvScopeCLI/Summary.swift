import ArgumentParser
import ConvEngine

/// `convscope summary <model>`: the computed shape table.
struct Summary: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Per-layer shapes, parameters (with their derivation), multiply-accumulates and memory.")

  @OptionGroup var modelOptions: ModelOptions

  @Flag(name: .long, help: "Print JSON instead of a table.")
  var json = false

  func run() throws {
    try CLI.guarded {
      let spec = try modelOptions.spec()
      let table = try spec.shapeTable()
      if json {
        print(try CLI.json(SummaryJSON(table)))
      } else {
        print(Summary.render(table))
      }
    }
  }

  /// The table as text, one row per layer plus totals.
  static func render(_ t: ShapeTable) -> String {
    var rows: [[String]] = [["layer", "kind", "kernel/stride/pad", "activation", "output", "params", "derivation",
                             "MACs", "memory"]]
    let inputShape = t.input.map(String.init).joined(separator: "×")
    rows.append(["input", "", "", "", inputShape, "", "", "", NumberFormat.bytes(t.input.reduce(4, *))])
    for r in t.rows {
      rows.append([r.name, r.kind, r.details, r.activation == "identity" ? "" : r.activation, r.outputDescription,
                   r.parameters.grouped, r.derivation, r.macs.grouped, NumberFormat.bytes(r.activationBytes)])
    }
    rows.append(["total", "", "", "", "", t.totalParameters.grouped, "", t.totalMACs.grouped,
                 NumberFormat.bytes(t.totalActivationBytes)])
    var text = "\(t.title) — \(t.model)\n\n"
    text += CLI.table(rows, rightAligned: [5, 7, 8])
    text += "\n\nparams: trainable; MACs: multiply-accumulates per image; memory: Float32 output per image."
    if !t.notes.isEmpty { text += "\n\n" + t.notes.map { "• " + $0 }.joined(separator: "\n") }
    return text
  }
}

/// `summary --json` layout: the rows plus totals.
struct SummaryJSON: Encodable {
  var model: String
  var title: String
  var input: [Int]
  var layers: [ShapeRow]
  var totalParameters: Int
  var totalMACs: Int
  var totalActivationBytes: Int
  var notes: [String]

  init(_ t: ShapeTable) {
    model = t.model
    title = t.title
    input = t.input
    layers = t.rows
    totalParameters = t.totalParameters
    totalMACs = t.totalMACs
    totalActivationBytes = t.totalActivationBytes
    notes = t.notes
  }
}
