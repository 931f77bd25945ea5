import Testing

@testable import BrukerPlanTUI

@Suite struct ScreenBufferTests {
  @Test func norwegianLettersTakeOneColumnAndWideGlyphsTwo() {
    #expect(DisplayWidth.of("Blåbær Ærlig Øst") == 16)
    #expect(DisplayWidth.of("日本") == 4)
    #expect(DisplayWidth.of("🙂") == 2)
    #expect(DisplayWidth.of("e\u{301}") == 1)
  }

  @Test func writeClipsByDisplayWidth() {
    var buffer = ScreenBuffer(width: 10, height: 2)
    let used = buffer.write("æøå日本語x", row: 0, column: 1, role: .heading, maxColumns: 8)
    #expect(used == 7)  // æøå (3) + 日本 (4); 語 would need columns 8-9 and does not fit in 8
    #expect(buffer.lines()[0] == " æøå日本")
    #expect(buffer.styleMap()[0] == ".hhhhhhh..")
    #expect(buffer[0, 5].isContinuation == true)
  }

  @Test func wideGlyphAtTheRightEdgeIsNotHalfDrawn() {
    var buffer = ScreenBuffer(width: 5, height: 1)
    buffer.write("abcd日", row: 0, column: 0)
    #expect(buffer.lines() == ["abcd"])
  }

  @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
    var buffer = ScreenBuffer(width: 6, height: 1)
    buffer.write("日本", row: 0, column: 0)
    buffer.write("x", row: 0, column: 1)
    #expect(buffer.lines() == [" x本"])
  }

  @Test func controlCharactersAreNeverSentToTheTerminal() {
    var buffer = ScreenBuffer(width: 8, height: 1)
    buffer.write("a\u{1b}[2Jb", row: 0, column: 0)
    #expect(buffer.lines() == ["a?[2Jb"])
  }

  @Test func asciiFallbackTransliterates() {
    var buffer = ScreenBuffer(width: 30, height: 1, asciiOnly: true)
    buffer.write("Økonomi › Blåbær – █", row: 0, column: 0)
    #expect(buffer.lines() == ["Okonomi > Blaabaer - #"])
  }

  @Test func truncateAndPadUseDisplayWidth() {
    #expect(DisplayWidth.truncate("Rusmiddelbruk", to: 6) == "Rusmi…")
    #expect(DisplayWidth.pad("日本", to: 6) == "日本  ")
    #expect(DisplayWidth.pad("Økonomi", to: 3) == "Øk…")
  }

  @Test func runsGroupCellsByRole() {
    var buffer = ScreenBuffer(width: 6, height: 1)
    buffer.write("ab", row: 0, column: 0, role: .title)
    buffer.write("cd", row: 0, column: 2, role: .error)
    let runs = buffer.runs(row: 0)
    #expect(runs.map(\.text) == ["ab", "cd", "  "])
    #expect(runs.map(\.role) == [.title, .error, .normal])
  }

  @Test func keyScriptReadsNamedKeysAndLiteralText() throws {
    let keys = try KeyScript.parse("n<Enter>ab<C-s><S-Tab><F2><Space><lt><M-3>")
    #expect(
      keys == [
        .character("n"), .enter, .character("a"), .character("b"), .control("s"), .backTab, .function(2), .space,
        .character("<"), .alt("3"),
      ])
    #expect(throws: KeyScript.Problem.self) { try KeyScript.parse("<Nonsense>") }
  }
}
