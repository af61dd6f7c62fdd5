import Foundation

/// CSV and JSON Lines forms of a `RunRecord`, written atomically and read back (a resumed run
/// appends to the record it continues).
///
/// Both list the settings first, then steps, epoch results and events in step order (an
/// epoch row follows its last step; an event follows the step it came after).
extension RunRecord {
  /// The CSV header: one table for every kind of row, unused cells left empty.
  public static let csvColumns = [
    "kind", "step", "epoch", "loss", "accuracy", "learning_rate", "batch_size", "seconds", "elapsed",
    "test_loss", "test_accuracy", "name", "old_value", "new_value", "value", "images", "wall_seconds",
  ]
  /// The header of files written before epochs kept their images and wall time; they still
  /// read (those two come back as 0), so a run resumed onto an older file goes on.
  static let olderCSVColumns = Array(csvColumns.dropLast(2))

  /// One row per setting (`kind` = setting, `name`, `value`), step (`kind` = step: loss and
  /// accuracy of the batch), epoch (`kind` = epoch: loss and accuracy are the training
  /// averages, then test_loss and test_accuracy) and event (`kind` = event, `name` is the
  /// event kind, old/new values when numeric, `value` the message).
  public func csv() -> String {
    var lines = [Self.csvColumns.joined(separator: ",")]
    func row(_ cells: [String: String]) {
      lines.append(Self.csvColumns.map { Self.csvField(cells[$0] ?? "") }.joined(separator: ","))
    }
    for (name, value) in settingPairs { row(["kind": "setting", "name": name, "value": value]) }
    for item in ordered {
      switch item {
      case .step(let s):
        row(["kind": "step", "step": "\(s.step)", "epoch": "\(s.epoch)", "loss": "\(s.loss)", "accuracy": "\(s.accuracy)",
             "learning_rate": "\(s.learningRate)", "batch_size": "\(s.batchSize)", "seconds": "\(s.seconds)",
             "elapsed": "\(s.elapsed)"])
      case .epoch(let e):
        row(["kind": "epoch", "step": "\(e.step)", "epoch": "\(e.epoch)", "loss": "\(e.trainLoss)",
             "accuracy": "\(e.trainAccuracy)", "seconds": "\(e.seconds)", "test_loss": e.testLoss.map { "\($0)" } ?? "",
             "test_accuracy": e.testAccuracy.map { "\($0)" } ?? "", "images": "\(e.images)", "wall_seconds": "\(e.wallSeconds)"])
      case .event(let e):
        row(["kind": "event", "step": "\(e.step)", "epoch": "\(e.epoch)", "name": e.kind.rawValue,
             "old_value": e.oldValue.map { "\($0)" } ?? "", "new_value": e.newValue.map { "\($0)" } ?? "",
             "value": e.message])
      case .settings: break  // written above, as name/value rows
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One JSON object a line, each with a `type` of settings, step, epoch or event; keys in
  /// snake_case, sorted.
  public func jsonl() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    var lines = [String(decoding: try encoder.encode(Line.settings(settings)), as: UTF8.self)]
    for item in ordered { lines.append(String(decoding: try encoder.encode(item), as: UTF8.self)) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the record to `path` atomically: CSV when the name ends in `.csv`, else JSON Lines.
  public func write(to path: String) throws {
    let text = path.lowercased().hasSuffix(".csv") ? csv() : try jsonl()
    try FileIO.writeAtomically(Array(text.utf8), to: path)
  }

  /// Reads a record written by `write(to:)` (CSV or JSON Lines, by the name's ending).
  public static func read(path: String) throws -> RunRecord {
    let text = String(decoding: try FileIO.read(path: path, as: .metrics), as: UTF8.self)
    return path.lowercased().hasSuffix(".csv") ? try RunRecord(csv: text, source: path) : try RunRecord(jsonl: text, source: path)
  }

  /// Parses `jsonl()` output; `source` names it in errors.
  public init(jsonl text: String, source: String = "metrics") throws {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    var settings: Settings?
    var steps: [Step] = [], epochs: [Epoch] = [], events: [TrainerEvent] = []
    for (number, rawLine) in text.split(whereSeparator: \.isNewline).enumerated() {  // CR LF is one Character: split on both
      let line: Line
      do {
        line = try decoder.decode(Line.self, from: Data(rawLine.utf8))
      } catch {
        throw EngineError(source, "line \(number + 1) is not a metrics record (\(error))")
      }
      switch line {
      case .settings(let s): settings = s
      case .step(let s): steps.append(s)
      case .epoch(let e): epochs.append(e)
      case .event(let e): events.append(e)
      }
    }
    guard let settings else { throw EngineError(source, "has no settings line; it is not a convscope metrics file") }
    self.init(settings: settings)
    self.steps = steps
    self.epochs = epochs
    self.events = events
  }

  /// Parses `csv()` output; `source` names it in errors.
  public init(csv text: String, source: String = "metrics") throws {
    let rows = try Self.csvRows(text, source: source)
    guard let header = rows.first, header == Self.csvColumns || header == Self.olderCSVColumns else {
      throw EngineError(source, "does not start with the convscope metrics header (\(Self.csvColumns.joined(separator: ",")))")
    }
    var settingValues: [String: String] = [:]
    var steps: [Step] = [], epochs: [Epoch] = [], events: [TrainerEvent] = []
    for (index, cells) in rows.dropFirst().enumerated() where cells != [""] {
      let line = index + 2
      guard cells.count == header.count else {
        throw EngineError(source, "line \(line) has \(cells.count) fields, not \(header.count)")
      }
      let cell = Dictionary(uniqueKeysWithValues: zip(header, cells))
      func value<T: LosslessStringConvertible>(_ key: String, _: T.Type = T.self) throws -> T {
        guard let text = cell[key], let v = T(text) else {
          throw EngineError(source, "line \(line): \(key) \"\(cell[key] ?? "")\" is not a number")
        }
        return v
      }
      switch cell["kind"] {
      case "setting": settingValues[cell["name"] ?? ""] = cell["value"] ?? ""
      case "step":
        steps.append(Step(step: try value("step"), epoch: try value("epoch"), loss: try value("loss"),
                          accuracy: try value("accuracy"), learningRate: try value("learning_rate"),
                          batchSize: try value("batch_size"), seconds: try value("seconds"), elapsed: try value("elapsed")))
      case "epoch":
        // An epoch without a test (no test images) leaves both test cells empty.
        let tested = cell["test_loss"] != "" || cell["test_accuracy"] != ""
        epochs.append(Epoch(epoch: try value("epoch"), step: try value("step"), trainLoss: try value("loss"),
                            trainAccuracy: try value("accuracy"), testLoss: tested ? try value("test_loss") : nil,
                            testAccuracy: tested ? try value("test_accuracy") : nil, seconds: try value("seconds"),
                            wallSeconds: cell["wall_seconds"].flatMap { Double($0) } ?? 0,
                            images: cell["images"].flatMap { Int($0) } ?? 0))
      case "event":
        guard let kind = TrainerEvent.Kind(rawValue: cell["name"] ?? "") else {
          throw EngineError(source, "line \(line): unknown event \"\(cell["name"] ?? "")\"")
        }
        events.append(TrainerEvent(step: try value("step"), epoch: try value("epoch"), kind: kind,
                                   oldValue: Double(cell["old_value"] ?? ""), newValue: Double(cell["new_value"] ?? ""),
                                   message: cell["value"] ?? ""))
      default: throw EngineError(source, "line \(line): unknown kind \"\(cell["kind"] ?? "")\"")
      }
    }
    self.init(settings: try Settings(pairs: settingValues, source: source))
    self.steps = steps
    self.epochs = epochs
    self.events = events
  }

  // MARK: - Shared pieces

  /// One line of the JSON Lines form.
  enum Line: Codable {
    case settings(Settings), step(Step), epoch(Epoch), event(TrainerEvent)

    private enum TypeKey: String, CodingKey { case type }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: TypeKey.self)
      // The item's own fields go into the same object as "type" (keyed containers merge).
      switch self {
      case .settings(let s): try container.encode("settings", forKey: .type); try s.encode(to: encoder)
      case .step(let s): try container.encode("step", forKey: .type); try s.encode(to: encoder)
      case .epoch(let e): try container.encode("epoch", forKey: .type); try e.encode(to: encoder)
      case .event(let e): try container.encode("event", forKey: .type); try e.encode(to: encoder)
      }
    }

    init(from decoder: any Decoder) throws {
      let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
      switch type {
      case "settings": self = .settings(try Settings(from: decoder))
      case "step": self = .step(try Step(from: decoder))
      case "epoch": self = .epoch(try Epoch(from: decoder))
      case "event": self = .event(try TrainerEvent(from: decoder))
      default:
        throw DecodingError.dataCorrupted(.init(codingPath: [TypeKey.type], debugDescription: "unknown type \(type)"))
      }
    }
  }

  /// Steps, epochs and events merged in step order (stable: step, then epoch, then event).
  var ordered: [Line] {
    var items: [(step: Int, rank: Int, line: Line)] = []
    items.reserveCapacity(steps.count + epochs.count + events.count)
    items += steps.map { ($0.step, 0, .step($0)) }
    items += epochs.map { ($0.step, 1, .epoch($0)) }
    items += events.map { ($0.step, 2, .event($0)) }
    // Index as the last key keeps each kind's own order among equal steps.
    return items.enumerated().sorted { a, b in
      (a.element.step, a.element.rank, a.offset) < (b.element.step, b.element.rank, b.offset)
    }.map(\.element.line)
  }

  /// The settings as (name, value) text pairs, in a fixed order.
  var settingPairs: [(String, String)] {
    let s = settings
    return [
      ("model", s.model), ("dataset", s.dataset), ("train_images", "\(s.trainImages)"), ("epochs", "\(s.epochs)"),
      ("batch_size", "\(s.batchSize)"), ("learning_rate", "\(s.learningRate)"), ("momentum", "\(s.momentum)"),
      ("weight_decay", "\(s.weightDecay)"), ("schedule", s.schedule), ("seed", "\(s.seed)"), ("threads", "\(s.threads)"),
      ("initialization", s.initialization ?? ""), ("augmentation", s.augmentation ?? ""),
      ("frozen_layers", s.frozenLayers.joined(separator: " ")),
    ]
  }

  /// A CSV cell, quoted when it holds a comma, quote or line break (RFC 4180).
  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Splits CSV text into rows of cells, honouring quoted cells.
  static func csvRows(_ text: String, source: String) throws -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false, atCellStart = true
    var iterator = text.makeIterator()
    while let c = iterator.next() {
      if quoted {
        if c == "\"" {
          var lookahead = iterator
          if lookahead.next() == "\"" { cell.append("\""); iterator = lookahead } else { quoted = false }
        } else {
          cell.append(c)
        }
        continue
      }
      switch c {
      case "\"" where atCellStart: quoted = true; atCellStart = false
      case ",": row.append(cell); cell = ""; atCellStart = true
      case "\n", "\r\n":
        row.append(cell); rows.append(row); row = []; cell = ""; atCellStart = true
      default: cell.append(c); atCellStart = false
      }
    }
    if quoted { throw EngineError(source, "ends inside a quoted field") }
    if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
    return rows
  }
}

extension RunRecord.Settings {
  /// Settings from the CSV form's name/value rows.
  init(pairs: [String: String], source: String) throws {
    func text(_ key: String) throws -> String {
      guard let value = pairs[key] else { throw EngineError(source, "has no \"\(key)\" setting row") }
      return value
    }
    func number<T: LosslessStringConvertible>(_ key: String) throws -> T {
      guard let value = T(try text(key)) else { throw EngineError(source, "setting \(key) \"\(pairs[key] ?? "")\" is not a number") }
      return value
    }
    var config = TrainingConfig()
    config.epochs = try number("epochs")
    config.batchSize = try number("batch_size")
    config.learningRate = try number("learning_rate")
    config.momentum = try number("momentum")
    config.weightDecay = try number("weight_decay")
    config.seed = try number("seed")
    config.threads = try number("threads")
    self.init(config: config, model: try text("model"), dataset: try text("dataset"), trainImages: try number("train_images"))
    schedule = try text("schedule")
    let initialization = try text("initialization"), augmentation = try text("augmentation")
    self.initialization = initialization.isEmpty ? nil : initialization
    self.augmentation = augmentation.isEmpty ? nil : augmentation
    frozenLayers = try text("frozen_layers").split(separator: " ").map(String.init)
  }
}
