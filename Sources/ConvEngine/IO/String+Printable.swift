extension String {
  /// The text with control characters removed, line breaks and tabs kept: what text read from
  /// a file (a lesson, a quiz) may bring to a terminal. An escape sequence hidden in a file
  /// could otherwise move the cursor, recolour or retitle the user's terminal. CR LF becomes LF.
  public var withoutControlCharacters: String {
    guard unicodeScalars.contains(where: { $0.isControl && $0 != "\n" && $0 != "\t" }) else { return self }
    var out = String.UnicodeScalarView()
    for scalar in unicodeScalars where !scalar.isControl || scalar == "\n" || scalar == "\t" { out.append(scalar) }
    return String(out)
  }

  /// The text on one line with every control character (line breaks included) shown as `?`:
  /// for messages that quote names taken from files (a model name in a weights header).
  public var printableOnOneLine: String {
    guard unicodeScalars.contains(where: \.isControl) else { return self }
    return String(String.UnicodeScalarView(unicodeScalars.map { $0.isControl ? "?" : $0 }))
  }
}

extension Unicode.Scalar {
  /// C0 controls, DEL and C1 controls (U+0080–U+009F; U+009B is a one-byte CSI to many terminals).
  var isControl: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
