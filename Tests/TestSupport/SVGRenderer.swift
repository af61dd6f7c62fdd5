import Foundation

/// `rsvg-convert` (Debian's librsvg2-bin, installed by `make test`): a standard renderer that
/// every exported SVG must be drawable by.
public enum SVGRenderer {
  public static let path = "/usr/bin/rsvg-convert"
  public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

  /// What drawing an SVG file gave: rsvg-convert's exit status and complaints, and the PNG's
  /// size (from its IHDR) when one was written.
  public struct Drawing {
    public var status: Int32
    public var errors: String
    public var width: Int?
    public var height: Int?
  }

  /// Draws `svgPath` to a PNG beside it (`….rsvg.png`, removed afterwards).
  public static func draw(_ svgPath: String) throws -> Drawing {
    let pngPath = svgPath + ".rsvg.png"
    defer { try? FileManager.default.removeItem(atPath: pngPath) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = ["-o", pngPath, svgPath]
    let err = Pipe()
    p.standardError = err
    try p.run()
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    var drawing = Drawing(status: p.terminationStatus, errors: errors)
    if let png = FileManager.default.contents(atPath: pngPath), png.count >= 24,
      Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
      // IHDR's width and height, big-endian, after the signature and the chunk's length and type.
      let bytes = Array(png)
      drawing.width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
      drawing.height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
    }
    return drawing
  }
}
