import ArgumentParser
import ConvEngine
import Foundation
import TerminalUI

/// Shared CLI plumbing: one-line errors, terminal detection, number formatting.
enum CLI {
  /// Runs `body`, turning engine errors into one line on stderr and a non-zero exit.
  static func guarded<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as EngineError {
      printError(error.description)
      throw ExitCode(1)
    } catch let error as DivergenceError {
      printError(error.description)
      throw ExitCode(3)
    } catch let error as ExitCode {
      throw error
    } catch {
      // Anything else (an encoding error, a system error) is still one line and exit 1.
      printError("\(error)".printableOnOneLine)
      throw ExitCode(1)
    }
  }

  /// Messages go through stdio, not `FileHandle.write`, which stops the program when the
  /// write fails (a closed standard error must not turn an error message into a crash).
  static func printError(_ message: String) {
    fputs("convscope: error: \(message)\n", standardErrorStream)
  }

  static func printWarning(_ message: String) {
    fputs("convscope: \(message)\n", standardErrorStream)
  }

  /// Whether standard output is a terminal (progress bars) or a pipe/file (plain lines).
  static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

  /// Writes `text` to stdout immediately (progress lines must not wait in a buffer).
  static func write(_ text: String) {
    fputs(text, standardOutputStream)
    fflush(standardOutputStream)
  }

  /// Encodes a value as pretty, key-sorted JSON text.
  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // JSON has no NaN or infinity; weights that make them (a diverged or corrupt file) are
    // reported as the strings the metrics files use, not as an encoding failure.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// `rows` (the first is the header) as the toolkit's `Table` prints them in plain text,
  /// with the `rightAligned` columns right-aligned and the others left-aligned.
  /// `width`: cut the widest column (with `…`) so no line is longer; nil prints it whole.
  static func table(_ rows: [[String]], rightAligned: Set<Int>, width: Int? = nil) -> String {
    guard let header = rows.first else { return "" }
    let columns = rows.map(\.count).max() ?? 0
    let alignments = (0..<columns).map { rightAligned.contains($0) ? Alignment.right : .left }
    return Table(header: header, rows: Array(rows.dropFirst()), alignments: alignments).plainLines(width: width)
      .joined(separator: "\n")
  }
}
