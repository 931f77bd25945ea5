import BrukerPlanModel

/// The render function: state → screen. Layout is a pure function of the state and its size.
public func render(_ state: AppState) -> ScreenBuffer {
  var buffer = ScreenBuffer(width: state.width, height: state.height, asciiOnly: state.asciiOnly)
  if state.tooSmall {
    Chrome.renderTooSmall(state, into: &buffer)
    return buffer
  }
  Chrome.renderTitle(state, into: &buffer)
  state.screen.page.render(state, into: &buffer)
  Chrome.renderMessage(state, into: &buffer)
  Chrome.renderKeyBar(state, into: &buffer)
  if let dialog = state.dialog { renderDialog(dialog, state, into: &buffer) }
  if state.showHelp { Chrome.renderHelp(state, into: &buffer) }
  return buffer
}

/// What surrounds every screen: the title with its breadcrumb, the message line, the key bar,
/// the help overlay and the too-small notice.
enum Chrome {
  static func renderTooSmall(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    var lines = [s.tooSmall, s.tooSmallDetail(state.width, state.height)]
    // A question asked from here must still be readable.
    if case .quit(let unsaved)? = state.dialog {
      lines += ["", unsaved ? s.confirmQuitUnsaved : s.confirmQuit, s.yesNoDefaultNo]
    }
    let top = max(0, state.height / 2 - 1)
    for (offset, text) in lines.enumerated() {
      let w = DisplayWidth.of(text)
      buffer.write(
        text, row: top + offset, column: max(0, (state.width - w) / 2), role: offset == 0 ? .error : .normal)
    }
  }

  static func breadcrumb(_ state: AppState) -> [String] {
    var crumbs = [state.strings.appName]
    if let open = state.open, state.stack.contains(.surveys) {
      crumbs.append("\(open.round.municipality.name) \(open.round.year)")
    }
    if let crumb = state.screen.page.crumb(state) { crumbs.append(crumb) }
    return crumbs
  }

  static func renderTitle(_ state: AppState, into buffer: inout ScreenBuffer) {
    buffer.fill(row: 0, column: 0, columns: state.width, role: .title)
    let separator = state.asciiOnly ? " > " : " › "
    let changed = state.screen == .form && state.form?.dirty == true
    let room = state.width - 2 - (changed ? DisplayWidth.of(state.strings.changed) + 2 : 0)
    buffer.write(
      " " + breadcrumb(state).joined(separator: separator), row: 0, column: 0, role: .title, maxColumns: room)
    if changed {
      let text = state.strings.changed
      buffer.write(text, row: 0, column: state.width - DisplayWidth.of(text) - 1, role: .changed)
    }
  }

  static func renderMessage(_ state: AppState, into buffer: inout ScreenBuffer) {
    guard let message = state.message else { return }
    buffer.write(
      " " + DisplayWidth.truncate(message.text, to: state.width - 2), row: state.height - 2, column: 0,
      role: message.isError ? .error : .message)
  }

  static func renderKeyBar(_ state: AppState, into buffer: inout ScreenBuffer) {
    var items: [(keys: String, label: String)] = []
    var seen = Set<String>()
    // Help first: whatever does not fit on the bar is always in the help.
    let bar = state.screenBindings().filter(\.inBar).sorted {
      ($0.action == .help ? 0 : 1) < ($1.action == .help ? 0 : 1)
    }
    for binding in bar where seen.insert(binding.label).inserted {
      let keys = binding.keyText.map { String($0.split(separator: " ").first ?? "") } ?? binding.keys[0].description
      items.append((keys, binding.label))
    }
    while items.count > 1, items.reduce(0, { $0 + DisplayWidth.of($1.keys + " " + $1.label + "  ") }) > state.width {
      items.removeLast()
    }
    var line = Line()
    for item in items {
      line.add(item.keys, .helpKey)
      line.add(" " + item.label + "  ", .helpLabel)
    }
    buffer.draw(line, row: state.height - 1, column: 0, maxColumns: state.width)
  }

  static func renderHelp(_ state: AppState, into buffer: inout ScreenBuffer) {
    let entries = state.helpEntries()
    let keyWidth = min(22, (entries.map { DisplayWidth.of($0.keys) }.max() ?? 0) + 2)
    let room = state.height - 8
    var lines: [Line]
    if entries.count <= room {
      lines = entries.map { Line([(DisplayWidth.pad($0.keys, to: keyWidth), .helpKey), ($0.label, .normal)]) }
    } else {
      // Two columns when one does not fit.
      let half = (entries.count + 1) / 2
      let labelWidth = max(10, (state.width - 12) / 2 - keyWidth)
      lines = (0..<half).map { row in
        var line = Line([
          (DisplayWidth.pad(entries[row].keys, to: keyWidth), .helpKey),
          (DisplayWidth.pad(entries[row].label, to: labelWidth), .normal),
        ])
        if row + half < entries.count {
          line.add(DisplayWidth.pad(entries[row + half].keys, to: keyWidth), .helpKey)
          line.add(entries[row + half].label, .normal)
        }
        return line
      }
    }
    lines.append(Line())
    lines.append(Line([(state.strings.helpClose, .disabled)]))
    DialogBox.draw(lines, title: state.strings.helpTitle, state: state, into: &buffer)
  }
}

extension AppState {
  /// Below 80x24 only quitting and redrawing work; the notice says so.
  func tooSmallBindings() -> [Binding] {
    [
      bind([.character("q"), .function(10), .control("c")], .quit, strings.quit),
      bind([.control("l")], .redraw, strings.redraw),
    ]
  }
}

// MARK: Chips shared by the list, the form and the report

func indexChip(_ index: IndexCategory?, _ s: Strings) -> [(String, Role)] {
  guard let index else { return [("   ", .normal), (" " + s.notAnswered, .disabled)] }
  let role: Role =
    switch index {
    case .green: .scoreGreen
    case .yellow: .scoreYellow
    case .red: .scoreRed
    case .blueLight: .blueLight
    }
  return [(" \(index.letter(s.language)) ", role), (" " + index.label(s.language), .normal)]
}

func scoreChip(_ score: Score?, _ s: Strings) -> [(String, Role)] {
  guard let score else { return [(" – ", .disabled)] }
  let role: Role =
    switch score {
    case .green: .scoreGreen
    case .yellow: .scoreYellow
    case .red: .scoreRed
    }
  return [(" \(score.letter(s.language)) ", role)]
}
