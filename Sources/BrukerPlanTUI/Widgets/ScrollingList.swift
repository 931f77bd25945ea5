/// A cursor in a list and the first row on screen: the one cursor-and-scroll rule of every
/// list (rounds, surveys, the rounds to compare with, the new round's units).
public struct ListCursor: Hashable, Sendable {
  public var cursor = 0
  public var top = 0

  public init(cursor: Int = 0, top: Int = 0) {
    self.cursor = cursor
    self.top = top
  }

  /// A movement key (↑ ↓ PgUp PgDn Home End) in a list of `count` rows, `page` on screen.
  mutating func move(_ action: Action, count: Int, page: Int) {
    cursor = action.moved(cursor, last: max(0, count - 1), page: page)
    scroll(count: count, page: page)
  }

  /// Keeps the cursor inside the list and on screen.
  mutating func clamp(count: Int, page: Int) {
    cursor = max(0, min(cursor, count - 1))
    scroll(count: count, page: page)
  }

  mutating func scroll(count: Int, page: Int) {
    let page = max(1, page)
    if cursor < top { top = cursor }
    if cursor >= top + page { top = cursor - page + 1 }
    top = max(0, min(top, max(0, count - page)))
  }
}

/// Draws the rows of a list that are on screen, the cursor's row highlighted across the width.
enum ScrollingList {
  static func draw(
    _ position: ListCursor, count: Int, page: Int, firstRow: Int, width: Int, into buffer: inout ScreenBuffer,
    line: (_ index: Int, _ selected: Bool) -> Line
  ) {
    let top = max(0, min(position.top, count - 1))
    for index in top..<min(count, top + page) {
      let row = firstRow + index - top
      let selected = index == position.cursor
      if selected { buffer.fill(row: row, column: 0, columns: width, role: .selected) }
      buffer.draw(line(index, selected), row: row, column: 0, maxColumns: width)
    }
  }
}
