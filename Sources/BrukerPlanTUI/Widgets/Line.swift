/// One line of screen text made of differently styled pieces.
struct Line {
  var pieces: [(text: String, role: Role)] = []
  /// Which form field this line belongs to, for scrolling the focus into view.
  var field: Int?

  init(_ pieces: [(String, Role)] = [], field: Int? = nil) {
    self.pieces = pieces.map { (text: $0.0, role: $0.1) }
    self.field = field
  }

  mutating func add(_ text: String, _ role: Role = .normal) { pieces.append((text, role)) }

  var width: Int { pieces.reduce(0) { $0 + DisplayWidth.of($1.text) } }
}

extension ScreenBuffer {
  mutating func draw(_ line: Line, row: Int, column: Int, maxColumns: Int) {
    var x = column
    for piece in line.pieces {
      let room = column + maxColumns - x
      guard room > 0 else { break }
      x += write(piece.text, row: row, column: x, role: piece.role, maxColumns: room)
    }
  }
}

/// A note broken into lines at spaces.
func wrapped(_ text: String, width: Int, role: Role = .disabled) -> [Line] {
  var lines: [Line] = []
  var current = ""
  for word in text.split(separator: " ") {
    if !current.isEmpty, DisplayWidth.of(current) + 1 + DisplayWidth.of(String(word)) > width {
      lines.append(Line([("   " + current, role)]))
      current = ""
    }
    current += (current.isEmpty ? "" : " ") + word
  }
  if !current.isEmpty { lines.append(Line([("   " + current, role)])) }
  return lines
}
