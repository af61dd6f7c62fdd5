import ArgumentParser
import ConvEngine
import ConvScopeApp
import Foundation
import TerminalUI

/// Where a picture goes, and whether to say so in JSON.
struct PictureOutputOptions: ParsableArguments {
  @Option(help: "The file to write (replaced atomically).") var out: String
  @Flag(help: "Print what was written as JSON.") var json = false

  /// Writes `bytes` to `--out`, then says what was written.
  func write(_ bytes: [UInt8], format: String, width: Int, height: Int, shows: String) throws {
    try FileIO.writeAtomically(bytes, to: out)
    let written = PictureWritten(file: out, format: format, width: width, height: height, shows: shows)
    print(json ? try CLI.json(written) : "wrote \(out): \(shows), \(width)×\(height) pixels")
  }

  /// Writes `picture` as SVG (9×18 pixels a cell, as the workbench's `e`).
  func write(_ picture: PanelPicture) throws {
    try write(Array(picture.svg.utf8), format: "svg", width: picture.cells.width * 9, height: picture.cells.height * 18,
              shows: picture.title)
  }
}

/// `--json` of the export commands.
struct PictureWritten: Codable {
  var file: String
  var format: String
  var width: Int
  var height: Int
  var shows: String
}
