/// A framed box in the middle of the screen, for help and dialogs.
enum DialogBox {
  static func draw(_ lines: [Line], title: String, state: AppState, into buffer: inout ScreenBuffer) {
    let inner = min(
      state.width - 6, max(DisplayWidth.of(title) + 4, lines.map(\.width).max() ?? 0) + 2)
    let height = min(state.height - 4, lines.count + 2)
    let left = max(0, (state.width - inner - 2) / 2)
    let top = max(1, (state.height - height) / 2)
    let (h, v, tl, tr, bl, br) = state.asciiOnly ? ("-", "|", "+", "+", "+", "+") : ("─", "│", "┌", "┐", "└", "┘")
    buffer.write(tl + String(repeating: h, count: inner) + tr, row: top, column: left, role: .dialog)
    buffer.write(" " + title + " ", row: top, column: left + 2, role: .dialog)
    for row in 1..<(height - 1) {
      buffer.fill(row: top + row, column: left, columns: inner + 2, role: .dialog)
      buffer.write(v, row: top + row, column: left, role: .dialog)
      buffer.write(v, row: top + row, column: left + inner + 1, role: .dialog)
      if lines.indices.contains(row - 1) {
        var line = lines[row - 1]
        line.pieces = line.pieces.map { ($0.text, $0.role == .normal ? .dialog : $0.role) }
        buffer.draw(line, row: top + row, column: left + 2, maxColumns: inner - 2)
      }
    }
    buffer.write(bl + String(repeating: h, count: inner) + br, row: top + height - 1, column: left, role: .dialog)
  }
}
