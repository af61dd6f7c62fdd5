import Testing

@testable import ConvScopeApp

/// The one-line editor behind the Explore prompt, as a plain value.
@Suite struct TextLineEditorTests {
  static func typed(_ text: String) -> TextLineEditor {
    var editor = TextLineEditor()
    for c in text { editor.apply(.insert(c)) }
    return editor
  }

  @Test func typingInsertsAtTheCursor() {
    var editor = Self.typed("abd")
    editor.apply(.left)
    editor.apply(.insert("c"))
    #expect(editor.text == "abcd" && editor.cursor == 3)
    editor.apply(.home)
    editor.apply(.insert(">"))
    #expect(editor.text == ">abcd" && editor.cursor == 1)
    editor.apply(.end)
    #expect(editor.cursor == 5)
  }

  @Test func backspaceAndDeleteEraseOnEitherSide() {
    var editor = Self.typed("12345")
    editor.apply(.deleteBackward)
    #expect(editor.text == "1234" && editor.cursor == 4)
    editor.apply(.deleteForward)  // at the end: nothing to the right
    #expect(editor.text == "1234")
    editor.apply(.home)
    editor.apply(.deleteBackward)  // at the start: nothing to the left
    editor.apply(.deleteForward)
    #expect(editor.text == "234" && editor.cursor == 0)
  }

  @Test func theCursorStaysInsideTheLine() {
    var editor = Self.typed("ab")
    for _ in 0..<5 { editor.apply(.right) }
    #expect(editor.cursor == 2)
    for _ in 0..<5 { editor.apply(.left) }
    #expect(editor.cursor == 0)
  }

  @Test func controlCharactersAreRefused() {
    var editor = Self.typed("a")
    for c: Character in ["\t", "\u{1B}", "\u{7F}", "\n", "\u{200B}"] { editor.apply(.insert(c)) }
    #expect(editor.text == "a")
    editor.apply(.insert(" "))
    editor.apply(.insert("é"))
    #expect(editor.text == "a é")
  }

  @Test func aLongLineScrollsToKeepTheCursorVisible() {
    let editor = TextLineEditor("/home/user/pictures/digit.png")
    let (shown, cursor) = editor.visible(width: 10)
    // The cursor sits after the last character, in the last column kept free for it.
    #expect(shown == "digit.png" && cursor == 9)
    var atStart = editor
    atStart.apply(.home)
    #expect(atStart.visible(width: 10) == ("/home/user", 0))
    #expect(TextLineEditor("ab").visible(width: 10) == ("ab", 2))
  }
}
