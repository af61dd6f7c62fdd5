import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The elements of an SVG document, with their attributes and text, read by Foundation's
/// XML parser (which fails on anything that is not well-formed XML).
public final class SVGElements: NSObject, XMLParserDelegate {
  public var list: [(name: String, attributes: [String: String], text: String)] = []
  /// The elements open now (indexes into `list`); text goes to the innermost.
  private var open: [Int] = []
  public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                     attributes: [String: String] = [:]) {
    open.append(list.count)
    list.append((name, attributes, ""))
  }
  public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    open.removeLast()
  }
  public func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let i = open.last, list[i].name != "svg" { list[i].text += string }
  }

  public static func parse(_ svg: String) -> SVGElements? {
    let parser = XMLParser(data: Data(svg.utf8))
    let elements = SVGElements()
    parser.delegate = elements
    return parser.parse() ? elements : nil
  }
}
