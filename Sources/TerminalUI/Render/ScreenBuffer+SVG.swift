import Foundation

extension ScreenBuffer {
  /// The buffer as an SVG picture, for slides and handouts: what the terminal shows, drawn as
  /// vectors. Each cell is `cellWidth`×`cellHeight` pixels; backgrounds are rectangles, text
  /// is SVG text (selectable and searchable, each run stretched to its cells so columns line up
  /// in any monospace font), and the block characters heatmaps and bars are drawn with (`▀`,
  /// `▄`, `█`, the eighth blocks) become exact rectangles, so a heatmap is as sharp as its data.
  ///
  /// Colours are the cells' own (draw at `.direct` depth for the exact palette); the
  /// terminal's default colours become `background` and `foreground` (a dark terminal's).
  public func svgText(
    title: String? = nil, cellWidth: Double = 9, cellHeight: Double = 18,
    background: (UInt8, UInt8, UInt8) = (17, 17, 17), foreground: (UInt8, UInt8, UInt8) = (221, 221, 221)
  ) -> String {
    let theme = SVGTheme(background: background, foreground: foreground)
    let w = Double(width) * cellWidth, h = Double(height) * cellHeight
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.svgNumber(w))" height="\(Self.svgNumber(h))" \
      viewBox="0 0 \(Self.svgNumber(w)) \(Self.svgNumber(h))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" \
      font-size="\(Self.svgNumber(cellHeight * 0.8))">

      """
    if let title { out += "<title>\(Self.xmlEscaped(title))</title>\n" }
    out += "<rect width=\"100%\" height=\"100%\" fill=\"\(theme.hex(theme.background))\"/>\n"
    for y in 0..<height {
      out += svgRow(y, theme: theme, cellWidth: cellWidth, cellHeight: cellHeight)
    }
    return out + "</svg>\n"
  }

  /// One row: background runs, then block glyphs as rectangles, then text runs.
  private func svgRow(_ y: Int, theme: SVGTheme, cellWidth cw: Double, cellHeight ch: Double) -> String {
    var out = ""
    let top = Double(y) * ch
    func rect(_ x0: Double, _ y0: Double, _ rw: Double, _ rh: Double, _ color: SVGTheme.RGB) {
      out += "<rect x=\"\(Self.svgNumber(x0))\" y=\"\(Self.svgNumber(y0))\" width=\"\(Self.svgNumber(rw))\" "
        + "height=\"\(Self.svgNumber(rh))\" fill=\"\(theme.hex(color))\"/>\n"
    }
    // Backgrounds, merged into runs of one colour; the page's own colour needs none.
    var x = 0
    while x < width {
      let bg = theme.colors(of: self[x, y].style).bg
      var end = x + 1
      while end < width, theme.colors(of: self[end, y].style).bg == bg { end += 1 }
      if bg != theme.background { rect(Double(x) * cw, top, Double(end - x) * cw, ch, bg) }
      x = end
    }
    // Block glyphs: the part of the cell they fill, in the foreground colour.
    for x in 0..<width {
      let cell = self[x, y]
      guard !cell.isContinuation, let part = Self.blockPart(cell.symbol) else { continue }
      let fg = theme.colors(of: cell.style).fg
      rect(Double(x) * cw + part.left * cw, top + part.top * ch, part.width * cw, part.height * ch, fg)
    }
    // Text runs: neighbouring cells of one look, single spaces inside a run kept.
    x = 0
    while x < width {
      let cell = self[x, y]
      if cell.isContinuation || cell.symbol == " " || Self.blockPart(cell.symbol) != nil {
        x += 1
        continue
      }
      let look = TextLook(cell.style, theme: theme)
      var text = ""
      var end = x
      var trailingSpaces = 0
      while end < width {
        let c = self[end, y]
        if c.isContinuation { end += 1; continue }
        guard Self.blockPart(c.symbol) == nil, c.symbol == " " || TextLook(c.style, theme: theme) == look else { break }
        // Two spaces end a run: renderers differ in how they space long gaps, so what follows
        // (a column, a border) starts its own run at its own position.
        if c.symbol == " ", end + 1 < width, self[end + 1, y].symbol == " " { break }
        text.append(c.symbol)
        trailingSpaces = c.symbol == " " ? trailingSpaces + 1 : 0
        end += 1
      }
      // A run ends at its last visible character; the spaces after it belong to no one.
      let cells = end - x - trailingSpaces
      text = String(text.dropLast(trailingSpaces))
      var attributes = "x=\"\(Self.svgNumber(Double(x) * cw))\" y=\"\(Self.svgNumber(top + ch * 0.78))\" fill=\"\(theme.hex(look.rgb))\""
      if look.bold { attributes += " font-weight=\"bold\"" }
      if look.dim { attributes += " fill-opacity=\"0.6\"" }
      if look.underline { attributes += " text-decoration=\"underline\"" }
      attributes += " textLength=\"\(Self.svgNumber(Double(cells) * cw))\" lengthAdjust=\"spacingAndGlyphs\""
      out += "<text \(attributes) xml:space=\"preserve\">\(Self.xmlEscaped(text))</text>\n"
      x = end - trailingSpaces
    }
    return out
  }

  /// The part of a cell a block character fills, as fractions (left, top, width, height).
  static func blockPart(_ symbol: Character) -> (left: Double, top: Double, width: Double, height: Double)? {
    guard let scalar = symbol.unicodeScalars.first?.value, symbol.unicodeScalars.count == 1 else { return nil }
    switch scalar {
    case 0x2580: return (0, 0, 1, 0.5)  // ▀ upper half
    case 0x2581...0x2588:  // ▁…█ lower eighths (█ is the whole cell)
      let f = Double(scalar - 0x2580) / 8
      return (0, 1 - f, 1, f)
    case 0x2589...0x258F:  // ▉…▏ left seven eighths down to one eighth
      return (0, 0, Double(0x2590 - scalar) / 8, 1)
    case 0x2590: return (0.5, 0, 0.5, 1)  // ▐ right half
    default: return nil
    }
  }

  /// Text safe inside an XML element or attribute; characters XML 1.0 forbids become spaces.
  static func xmlEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default:
        let v = scalar.value
        let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
        out.unicodeScalars.append(allowed ? scalar : " ")
      }
    }
    return out
  }

  /// A coordinate with at most two decimals and no trailing zeros.
  static func svgNumber(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}

/// Colours of cells in an SVG: a style's colours resolved to RGB, reverse video applied.
struct SVGTheme {
  typealias RGB = XtermPalette.RGB
  let background: RGB
  let foreground: RGB

  init(background: (UInt8, UInt8, UInt8), foreground: (UInt8, UInt8, UInt8)) {
    self.background = (Int(background.0), Int(background.1), Int(background.2))
    self.foreground = (Int(foreground.0), Int(foreground.1), Int(foreground.2))
  }

  /// The foreground and background a cell is drawn in.
  func colors(of style: Style) -> (fg: RGB, bg: RGB) {
    let fg = rgb(style.fg) ?? foreground, bg = rgb(style.bg) ?? background
    return style.reverse ? (bg, fg) : (fg, bg)
  }

  private func rgb(_ color: Color) -> RGB? {
    switch color {
    case .default: return nil
    case .rgb(let r, let g, let b): return (Int(r), Int(g), Int(b))
    case .indexed(let i): return XtermPalette.rgb(i)
    default: return color.ansiIndex.map { XtermPalette.ansiRGB[$0] }
    }
  }

  func hex(_ c: RGB) -> String {
    String(format: "#%02x%02x%02x", c.r, c.g, c.b)
  }
}

/// What makes two text cells part of one SVG text run.
private struct TextLook: Equatable {
  var fg: [Int]
  var bold: Bool
  var dim: Bool
  var underline: Bool

  init(_ style: Style, theme: SVGTheme) {
    let c = theme.colors(of: style).fg
    fg = [c.r, c.g, c.b]
    bold = style.bold
    dim = style.dim
    underline = style.underline
  }

  var rgb: SVGTheme.RGB { (fg[0], fg[1], fg[2]) }
}
