/// Lines under a header that stays put while the body scrolls, with a marker on the last row
/// when more rows (lines tagged with a field) are below it.
struct Table {
  var header: [Line]
  var body: [Line]

  /// The first body line that keeps the lines of `focus` (a form field) on screen.
  func top(showing focus: Int?, rows: Int) -> Int {
    let page = max(1, rows - header.count)
    let focused = body.indices.filter { body[$0].field == focus }
    guard let last = focused.last, last >= page else { return 0 }
    return min(last - page + 1, focused.first!)
  }

  /// `moreBelow`, when given, is written at the end of the last row when the body goes on.
  func draw(top: Int, firstRow: Int, rows: Int, width: Int, moreBelow: String?, into buffer: inout ScreenBuffer) {
    for (offset, line) in header.prefix(rows).enumerated() {
      buffer.draw(line, row: firstRow + offset, column: 0, maxColumns: width)
    }
    let page = rows - header.count
    guard page > 0 else { return }
    let shown = body.dropFirst(top).prefix(page)
    for (offset, line) in shown.enumerated() {
      buffer.draw(line, row: firstRow + header.count + offset, column: 0, maxColumns: width)
    }
    // "More" means more rows to answer, not the hint under them.
    if let moreBelow, body.dropFirst(top + page).contains(where: { $0.field != nil }) {
      let text = " " + moreBelow + " "
      let w = DisplayWidth.of(text)
      buffer.write(text, row: firstRow + rows - 1, column: max(0, width - w - 1), role: .disabled)
    }
  }
}
