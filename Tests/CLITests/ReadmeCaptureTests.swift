import Foundation
import Testing
import TestSupport

/// README's captured output, made by the real binary: `make captures` rewrites every block
/// marked `<!-- capture -->` with what the binary prints now, and this test fails when a
/// block no longer matches (run `make captures` and review the diff).
///
/// A marked block is a ```console block of `$ convscope …` lines, each followed by its
/// output; a command may end in `| head -N` (run through `sh`). The package root is printed
/// as a relative path, so captures do not depend on where the checkout is. Lines containing
/// a text listed in `volatile="…|…"` hold measured times or speeds: their digits are not
/// compared. `<!-- capture screen WxH keys="…" wait="…" -->` marks a plain ``` block that
/// is the workbench's screen under tmux after typing `keys`, once `wait` is on screen.
@Suite(.serialized) struct ReadmeCaptureTests {
  static let readmePath = Fixtures.packageRoot + "/README.md"
  static let recording = ProcessInfo.processInfo.environment["RECORD_CAPTURES"] == "1"

  /// One marked block: where its lines are in README and how to make them again.
  struct Block {
    var marker: Int
    /// Line indices of the block's body (between the fences).
    var body: Range<Int>
    var volatile: [String]
    var screen: (width: Int, height: Int, keys: String, wait: String)?
  }

  static func attribute(_ name: String, in line: String) -> String? {
    guard let start = line.range(of: name + "=\"") else { return nil }
    let rest = line[start.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
  }

  static func blocks(in lines: [String]) -> [Block] {
    var result: [Block] = []
    var i = 0
    while i < lines.count {
      let line = lines[i]
      guard line.hasPrefix("<!-- capture"), i + 1 < lines.count, lines[i + 1].hasPrefix("```") else {
        i += 1
        continue
      }
      let close = (i + 2..<lines.count).first { lines[$0] == "```" } ?? lines.count
      var block = Block(marker: i, body: i + 2..<close,
                        volatile: attribute("volatile", in: line).map { $0.split(separator: "|").map(String.init) } ?? [],
                        screen: nil)
      if line.hasPrefix("<!-- capture screen "), let size = line.split(separator: " ").dropFirst(3).first {
        let wh = size.split(separator: "x").compactMap { Int($0) }
        if wh.count == 2 {
          block.screen = (wh[0], wh[1], attribute("keys", in: line) ?? "", attribute("wait", in: line) ?? "")
        }
      }
      result.append(block)
      i = close + 1
    }
    return result
  }

  /// What `command` (a README `$ convscope …` line without the `$ `) prints, as README shows it.
  static func output(of command: String) throws -> [String] {
    let binary = CommandRunner.binary
    let folder = (binary as NSString).deletingLastPathComponent
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    p.currentDirectoryURL = URL(fileURLWithPath: Fixtures.packageRoot)
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = folder + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    env["LANG"] = "C.UTF-8"
    for name in ["NO_COLOR", "COLUMNS", "LC_ALL", "LC_CTYPE", "CONVSCOPE_ASSETS", "CONVSCOPE_LESSONS"] { env[name] = nil }
    p.environment = env
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: Fixtures.packageRoot + "/", with: "")
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// The block's lines made again: each `$ ` line followed by what it prints now.
  static func regenerated(_ block: Block, from lines: [String]) throws -> [String] {
    if let screen = block.screen { return try self.screen(screen) }
    var out: [String] = []
    for line in lines[block.body] where line.hasPrefix("$ ") {
      out.append(line)
      out += try output(of: String(line.dropFirst(2)))
    }
    return out
  }

  /// The workbench under tmux after the keys, trailing blank lines dropped.
  static func screen(_ s: (width: Int, height: Int, keys: String, wait: String)) throws -> [String] {
    let tmux = try Tmux.start(width: s.width, height: s.height)
    defer { tmux.kill() }
    for key in s.keys.split(separator: " ") { try tmux.send(String(key)) }
    try tmux.waitFor("\"\(s.wait)\" on the captured screen", timeout: 60) { $0.joined().contains(s.wait) }
    var lines = try tmux.screen().map { String($0.reversed().drop { $0 == " " }.reversed()) }
    while lines.last == "" { lines.removeLast() }
    return lines
  }

  /// Lines as compared: in volatile lines each number (digits with their `,` and `.`)
  /// becomes one `#`, so a speed that gains a digit on a faster or idler machine still matches.
  static func comparable(_ lines: [String], volatile: [String]) -> [String] {
    lines.map { line in
      guard volatile.contains(where: { line.contains($0) }) else { return line }
      var out = ""
      var inNumber = false
      for c in line {
        if c.isNumber || (inNumber && (c == "," || c == ".")) {
          if !inNumber { out.append("#") }
          inNumber = true
        } else {
          inNumber = false
          out.append(c)
        }
      }
      return out
    }
  }

  @Test func capturesMatchTheBinary() throws {
    var lines = try String(contentsOfFile: Self.readmePath, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let blocks = Self.blocks(in: lines)
    #expect(blocks.count >= 5, "README lost its capture markers")
    // From the last block up, so line numbers of the earlier ones stay valid while rewriting.
    for block in blocks.reversed() {
      let fresh = try Self.regenerated(block, from: lines)
      if Self.recording {
        lines.replaceSubrange(block.body, with: fresh)
      } else {
        let shown = Array(lines[block.body])
        #expect(Self.comparable(shown, volatile: block.volatile) == Self.comparable(fresh, volatile: block.volatile),
                "README.md line \(block.marker + 1): capture is stale; run `make captures`. Now:\n\(fresh.joined(separator: "\n"))")
      }
    }
    if Self.recording {
      try lines.joined(separator: "\n").write(toFile: Self.readmePath, atomically: true, encoding: .utf8)
    }
  }
}
