/// Plain-ASCII spellings of the symbols the workbench's text uses, for terminals without
/// Unicode (`--ascii`, `LANG=C`). Unlike the per-cell backstop in the ncurses backend, this
/// works on whole strings, so a symbol can become a word: Σ → sum, ⌊x⌋ → floor(x).
public enum ASCIIText {
  /// `text` with every non-ASCII symbol spelled in ASCII (unknown ones become `?`).
  public static func plain(_ text: String) -> String {
    guard !text.allSatisfy(\.isASCII) else { return text }
    var out = ""
    out.reserveCapacity(text.count + 8)
    for ch in text {
      if ch.isASCII {
        out.append(ch)
      } else if let word = words[ch] {
        out += word
      } else {
        out.append("?")
      }
    }
    return out
  }

  /// `text` as a terminal with or without Unicode should get it.
  public static func fitting(_ text: String, unicode: Bool) -> String { unicode ? text : plain(text) }

  private static let words: [Character: String] = [
    "Σ": "sum", "∑": "sum", "−": "-", "–": "-", "—": "-", "…": "..", "⋮": ":", "·": ".", "×": "x", "÷": "/",
    "⌊": "floor(", "⌋": ")", "⌈": "ceil(", "⌉": ")", "²": "^2", "³": "^3", "√": "sqrt", "≤": "<=", "≥": ">=",
    "≈": "~", "≠": "!=", "±": "+-", "α": "alpha", "β": "beta", "σ": "sigma", "µ": "u", "μ": "u", "→": "->",
    "←": "<-", "↑": "^", "↓": "v", "↔": "<->", "⇢": "->", "▶": ">", "◀": "<", "▸": ">", "◂": "<", "✓": "ok", "✗": "X", "☐": "[ ]",
    "•": "*", "‘": "'", "’": "'", "“": "\"", "”": "\"", "°": " deg", "◆": "*", "█": "#", "▏": "|", "⁰": "0",
    "¹": "1", "⁴": "4", "ᵢ": "_i", "ⱼ": "_j", "ᵀ": "^T", "∈": " in ", "∞": "inf", "θ": "theta", "λ": "lambda",
    "η": "eta", "ε": "eps", "∂": "d", "⊙": "(.)", "₀": "_0", "₁": "_1", "½": "1/2", "§": "section ", "é": "e", "ş": "s",
  ]
}
