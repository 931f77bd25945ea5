/// What a cell is used for. A `Theme` in the terminal maps each role to colours and attributes;
/// tests read the roles through `ScreenBuffer.styleMap()`.
public enum Role: Character, Sendable, CaseIterable {
  case normal = "."
  case title = "t"
  case heading = "h"
  case selected = "s"
  case helpKey = "k"
  case helpLabel = "l"
  case message = "m"
  case error = "e"
  case disabled = "d"
  case scoreGreen = "g"
  case scoreYellow = "y"
  case scoreRed = "r"
  case blueLight = "b"
  case dialog = "w"
  case changed = "c"
}

/// One character cell. A wide glyph occupies its cell and a continuation cell after it.
public struct ScreenCell: Hashable, Sendable {
  public var character: Character
  public var role: Role
  /// True for the right half of a wide glyph; the terminal skips it.
  public var isContinuation: Bool

  public init(_ character: Character = " ", role: Role = .normal, isContinuation: Bool = false) {
    self.character = character
    self.role = role
    self.isContinuation = isContinuation
  }
}

/// An in-memory screen: what the terminal will show, cell by cell, as plain values.
public struct ScreenBuffer: Hashable, Sendable {
  public let width: Int
  public let height: Int
  /// Replace characters outside ASCII (non-UTF-8 terminals).
  public let asciiOnly: Bool
  public private(set) var cells: [ScreenCell]

  public init(width: Int, height: Int, asciiOnly: Bool = false) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.asciiOnly = asciiOnly
    cells = Array(repeating: ScreenCell(), count: self.width * self.height)
  }

  public subscript(row: Int, column: Int) -> ScreenCell {
    cells[row * width + column]
  }

  /// Writes `text` at (row, column), clipped to `maxColumns` display columns and the right edge.
  /// Returns the number of columns written. Control characters are shown as "?".
  @discardableResult
  public mutating func write(
    _ text: String, row: Int, column: Int, role: Role = .normal, maxColumns: Int? = nil
  ) -> Int {
    guard row >= 0, row < height, column < width else { return 0 }
    let limit = min(width - max(column, 0), maxColumns ?? Int.max)
    var x = column
    var used = 0
    let source = asciiOnly ? ASCIIFallback.transliterate(text) : text
    for character in source {
      var glyph = character
      if let scalar = character.unicodeScalars.first, scalar.value < 32 || scalar.value == 127 { glyph = "?" }
      let columns = DisplayWidth.of(glyph)
      if columns == 0 { continue }
      if used + columns > limit { break }
      if x >= 0 {
        // Overwriting half of a wide glyph leaves the other half blank.
        clearWideNeighbours(row: row, column: x, columns: columns)
        cells[row * width + x] = ScreenCell(glyph, role: role)
        if columns == 2 { cells[row * width + x + 1] = ScreenCell(" ", role: role, isContinuation: true) }
      }
      x += columns
      used += columns
    }
    return used
  }

  private mutating func clearWideNeighbours(row: Int, column: Int, columns: Int) {
    let base = row * width
    if cells[base + column].isContinuation, column > 0 { cells[base + column - 1].character = " " }
    let after = column + columns
    if after < width, cells[base + after].isContinuation {
      cells[base + after] = ScreenCell(" ", role: cells[base + after].role)
    }
  }

  /// Paints `columns` cells with spaces in `role` (backgrounds for bars and selections).
  public mutating func fill(row: Int, column: Int, columns: Int, role: Role) {
    guard row >= 0, row < height else { return }
    let start = max(0, column)
    let end = min(width, column + columns)
    guard start < end else { return }
    for x in start..<end { cells[row * width + x] = ScreenCell(" ", role: role) }
  }

  /// Sets the role of cells without changing their characters.
  public mutating func paint(row: Int, column: Int, columns: Int, role: Role) {
    guard row >= 0, row < height else { return }
    for x in max(0, column)..<min(width, column + columns) { cells[row * width + x].role = role }
  }

  /// The text of each row, trailing spaces trimmed: the form of golden files.
  public func lines() -> [String] {
    (0..<height).map { row in
      var line = ""
      for x in 0..<width where !cells[row * width + x].isContinuation { line.append(cells[row * width + x].character) }
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  /// One letter per cell for its role (see `Role`), so colours can be checked without ANSI codes.
  public func styleMap() -> [String] {
    (0..<height).map { row in String((0..<width).map { cells[row * width + $0].role.rawValue }) }
  }

  /// Runs of cells on one row with the same role, for terminals that draw string by string.
  public func runs(row: Int) -> [(column: Int, text: String, role: Role)] {
    var result: [(column: Int, text: String, role: Role)] = []
    var x = 0
    while x < width {
      let role = cells[row * width + x].role
      let start = x
      var text = ""
      while x < width, cells[row * width + x].role == role {
        if !cells[row * width + x].isContinuation { text.append(cells[row * width + x].character) }
        x += 1
      }
      result.append((start, text, role))
    }
    return result
  }
}

/// Columns a character takes in a terminal: 0 for combining marks, 2 for wide East Asian and emoji.
public enum DisplayWidth {
  public static func of(_ character: Character) -> Int {
    guard let first = character.unicodeScalars.first else { return 0 }
    let v = first.value
    if v < 0x300 { return 1 }
    if character.unicodeScalars.count == 1, isCombining(v) { return 0 }
    if isWide(v) { return 2 }
    // Emoji presentation sequences (e.g. with VS16) are wide too.
    if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
    return 1
  }

  public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

  static func isCombining(_ v: UInt32) -> Bool {
    (0x300...0x36F).contains(v) || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
      || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v) || v == 0x200B || v == 0x200D
      || (0xFE00...0xFE0F).contains(v)
  }

  static func isWide(_ v: UInt32) -> Bool {
    (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x1F900...0x1F9FF).contains(v) || (0x1F680...0x1F6FF).contains(v) || (0x20000...0x3FFFD).contains(v)
      || (0x2600...0x26FF).contains(v) && isEmojiPresentation(v)
  }

  static func isEmojiPresentation(_ v: UInt32) -> Bool {
    [
      0x2614, 0x2615, 0x2648, 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26BD, 0x26C4, 0x26CE, 0x26D4, 0x26EA, 0x26F2,
      0x26F5, 0x26FA, 0x26FD,
    ]
    .contains(v)
  }

  /// `text` cut to at most `columns` display columns, ending in "…" when cut.
  public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
    guard columns > 0 else { return "" }
    if of(text) <= columns { return text }
    var result = ""
    var used = 0
    let room = columns - of(ellipsis)
    for character in text {
      let w = of(character)
      if used + w > room { break }
      result.append(character)
      used += w
    }
    return result + ellipsis
  }

  /// The end of `text` in at most `columns` display columns, starting with "…" when cut.
  public static func tail(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
    guard columns > 0 else { return "" }
    if of(text) <= columns { return text }
    var result = ""
    var used = 0
    let room = columns - of(ellipsis)
    for character in text.reversed() {
      let w = of(character)
      if used + w > room { break }
      result.insert(character, at: result.startIndex)
      used += w
    }
    return ellipsis + result
  }

  /// `text` padded with spaces to exactly `columns` display columns (truncated if longer).
  public static func pad(_ text: String, to columns: Int) -> String {
    let cut = truncate(text, to: columns)
    return cut + String(repeating: " ", count: max(0, columns - of(cut)))
  }
}

/// Plain-ASCII stand-ins for terminals without UTF-8.
public enum ASCIIFallback {
  static let table: [Character: String] = [
    "æ": "ae", "ø": "o", "å": "aa", "Æ": "AE", "Ø": "O", "Å": "AA", "é": "e", "ü": "u", "ö": "o", "ä": "a",
    "–": "-", "—": "-", "…": "...", "•": "*", "›": ">", "‹": "<", "→": "->", "←": "<-", "↑": "^", "↓": "v",
    "█": "#", "▒": "=", "░": ".", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "×": "x",
    "·": "-", "✓": "v", "«": "\"", "»": "\"",
  ]

  public static func transliterate(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 128 }) { return text }
    var result = ""
    for character in text {
      if character.isASCII {
        result.append(character)
      } else {
        result += table[character] ?? "?"
      }
    }
    return result
  }
}
