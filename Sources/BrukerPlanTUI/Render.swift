import BrukerPlanModel

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

/// The render function: state → screen. Layout is a pure function of the state and its size.
public func render(_ state: AppState) -> ScreenBuffer {
  var buffer = ScreenBuffer(width: state.width, height: state.height, asciiOnly: state.asciiOnly)
  if state.tooSmall {
    renderTooSmall(state, into: &buffer)
    return buffer
  }
  renderTitle(state, into: &buffer)
  switch state.screen {
  case .rounds: renderRounds(state, into: &buffer)
  case .createRound: renderCreateRound(state, into: &buffer)
  case .surveys: renderSurveys(state, into: &buffer)
  case .newSurvey: renderNewSurvey(state, into: &buffer)
  case .form: renderForm(state, into: &buffer)
  case .report, .compare: renderDocument(state.documentLines, state, into: &buffer)
  case .comparePick: renderComparePick(state, into: &buffer)
  }
  renderMessage(state, into: &buffer)
  renderKeyBar(state, into: &buffer)
  if state.showHelp { renderHelp(state, into: &buffer) }
  if let dialog = state.dialog { renderDialog(dialog, state, into: &buffer) }
  return buffer
}

func renderTooSmall(_ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  var lines = [s.tooSmall, s.tooSmallDetail(state.width, state.height)]
  // A question asked from here must still be readable.
  if case .quit(let unsaved)? = state.dialog {
    lines += ["", unsaved ? s.confirmQuitUnsaved : s.confirmQuit, s.yesNoDefaultNo]
  }
  let top = max(0, state.height / 2 - 1)
  for (offset, text) in lines.enumerated() {
    let w = DisplayWidth.of(text)
    buffer.write(text, row: top + offset, column: max(0, (state.width - w) / 2), role: offset == 0 ? .error : .normal)
  }
}

func breadcrumb(_ state: AppState) -> [String] {
  let s = state.strings
  var crumbs = [s.appName]
  if let open = state.open, state.stack.contains(.surveys) {
    crumbs.append("\(open.round.municipality.name) \(open.round.year)")
  }
  switch state.screen {
  case .rounds: crumbs.append(s.rounds)
  case .createRound: crumbs.append(s.newRound)
  case .surveys: break
  case .newSurvey: crumbs.append(s.newSurvey)
  case .report: crumbs.append(s.reportTitle)
  case .comparePick: crumbs.append(s.compareTitle)
  case .compare: crumbs.append(s.compareTitle)
  case .form:
    if let form = state.form { crumbs.append(form.saved == nil ? s.newSurvey : state.shortID(form.survey.id)) }
  }
  return crumbs
}

func renderTitle(_ state: AppState, into buffer: inout ScreenBuffer) {
  buffer.fill(row: 0, column: 0, columns: state.width, role: .title)
  let separator = state.asciiOnly ? " > " : " › "
  let changed = state.screen == .form && state.form?.dirty == true
  let room = state.width - 2 - (changed ? DisplayWidth.of(state.strings.changed) + 2 : 0)
  buffer.write(" " + breadcrumb(state).joined(separator: separator), row: 0, column: 0, role: .title, maxColumns: room)
  if changed {
    let text = state.strings.changed
    buffer.write(text, row: 0, column: state.width - DisplayWidth.of(text) - 1, role: .changed)
  }
}

func renderMessage(_ state: AppState, into buffer: inout ScreenBuffer) {
  guard let message = state.message else { return }
  buffer.write(
    " " + DisplayWidth.truncate(message.text, to: state.width - 2), row: state.height - 2, column: 0,
    role: message.isError ? .error : .message)
}

func renderKeyBar(_ state: AppState, into buffer: inout ScreenBuffer) {
  var items: [(keys: String, label: String)] = []
  var seen = Set<String>()
  // Help first: whatever does not fit on the bar is always in the help.
  let bar = state.bindings().filter(\.inBar).sorted { ($0.action == .help ? 0 : 1) < ($1.action == .help ? 0 : 1) }
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

// MARK: Rounds

func renderRounds(_ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  buffer.write(" " + s.storeLine(state.storePath), row: 1, column: 0, role: .disabled)
  // Each column as wide as its header or its longest value, plus a space (no "CompleteDrafts").
  let statusWidth = max(
    9, ([s.status] + RoundStatus.allCases.map { $0.label(s.language) }).map(DisplayWidth.of).max()! + 1)
  let completeWidth = max(8, DisplayWidth.of(s.complete) + 2)
  let draftsWidth = max(8, DisplayWidth.of(s.drafts) + 2)
  let nameWidth = max(20, state.width - 36 - statusWidth - completeWidth - draftsWidth)
  let header =
    "  " + DisplayWidth.pad(s.municipality, to: nameWidth) + DisplayWidth.pad(s.year, to: 6)
    + DisplayWidth.pad(s.status, to: statusWidth) + DisplayWidth.pad(s.complete, to: completeWidth)
    + DisplayWidth.pad(s.drafts, to: draftsWidth) + s.deadline
  buffer.write(header, row: 2, column: 0, role: .heading)
  if state.rounds.isEmpty {
    buffer.write("  " + s.noRounds, row: 4, column: 0)
    return
  }
  let page = state.listPage
  let top = max(0, min(state.roundCursor - page + 1, state.rounds.count - page))
  for (offset, summary) in state.rounds.dropFirst(max(0, top)).prefix(page).enumerated() {
    let index = max(0, top) + offset
    let row = 3 + offset
    let selected = index == state.roundCursor
    let text: String
    if let round = summary.round {
      text =
        "  " + DisplayWidth.pad("\(round.municipality.name) (\(round.municipality.code))", to: nameWidth)
        + DisplayWidth.pad(String(round.year), to: 6)
        + DisplayWidth.pad(round.status.label(s.language), to: statusWidth)
        + DisplayWidth.pad(String(summary.complete), to: completeWidth)
        + DisplayWidth.pad(String(summary.drafts), to: draftsWidth)
        + (round.deadline ?? "–")
    } else {
      text = "  " + DisplayWidth.pad(summary.folder.name, to: nameWidth) + (summary.problem ?? s.unreadableRound)
    }
    if selected { buffer.fill(row: row, column: 0, columns: state.width, role: .selected) }
    buffer.write(text, row: row, column: 0, role: selected ? .selected : (summary.round == nil ? .error : .normal))
  }
}

func renderCreateRound(_ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  let labels = [s.roundCode, s.roundName, s.roundYear, s.roundDeadline, s.roundUnits]
  buffer.write(" " + s.newRound, row: 2, column: 0, role: .heading)
  for (index, label) in labels.enumerated() {
    let focused = index == state.createRound.focus
    let row = 4 + index * 2
    buffer.write(
      (focused ? " › " : "   ") + DisplayWidth.pad(label, to: 32), row: row, column: 0,
      role: focused ? .heading : .normal)
    let room = state.width - 37
    let text = state.createRound.values[index]
    // While typing, the end of a long value stays in view; otherwise "…" says there is more.
    let value =
      focused
      ? DisplayWidth.tail(text + "_", to: room) : DisplayWidth.truncate(text, to: room)
    buffer.write(value, row: row, column: 36, role: focused ? .selected : .normal, maxColumns: room)
  }
  let names = state.createRound.unitNames
  if state.createRound.focusedUnit != nil {
    // The numbers that choose a kind, flowed over the two lines below the fields.
    var lines = [""]
    for (n, kind) in UnitKind.allCases.enumerated() {
      let item = "\(n + 1) \(kind.label(s.language))"
      let current = lines[lines.count - 1]
      if !current.isEmpty, DisplayWidth.of(current + "   " + item) > state.width - 4 {
        lines.append(item)
      } else {
        lines[lines.count - 1] += (current.isEmpty ? "" : "   ") + item
      }
    }
    for (offset, line) in lines.prefix(2).enumerated() {
      buffer.write("   " + line, row: 14 + offset, column: 0, role: .disabled, maxColumns: state.width - 1)
    }
  } else {
    buffer.write("   " + s.roundCreateHint, row: 14, column: 0, role: .disabled, maxColumns: state.width - 1)
  }
  guard !names.isEmpty else { return }
  buffer.write(" " + s.unitKinds, row: 16, column: 0, role: .heading, maxColumns: state.width - 1)
  // As many units as fit above the message line, scrolled to keep the focused one in view.
  let room = max(1, state.height - 3 - 17)
  let focusedUnit = state.createRound.focus - CreateRoundState.textFields
  let first = max(0, min(focusedUnit - room + 1, names.count - room))
  for (offset, name) in names.enumerated().dropFirst(first).prefix(room) {
    let focused = offset == focusedUnit
    let kind = state.createRound.kind(of: name)
    let number = UnitKind.allCases.firstIndex(of: kind)! + 1
    var line = Line()
    line.add((focused ? " › " : "   ") + DisplayWidth.pad(name, to: 32), focused ? .heading : .normal)
    line.add(
      focused ? "‹ \(number) \(kind.label(s.language)) ›" : "  \(number) \(kind.label(s.language))",
      focused ? .selected : .normal)
    buffer.draw(line, row: 17 + offset - first, column: 0, maxColumns: state.width)
  }
}

// MARK: Surveys

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

func renderSurveys(_ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  guard let open = state.open else { return }
  let complete = state.list.rows.count { $0.status == .complete }
  var summary =
    " "
    + s.surveyCount(
      shown: state.list.visible.count, total: state.list.rows.count, complete: complete,
      drafts: state.list.rows.count - complete)
  let filtering = state.list.editingFilter || !state.list.filter.isEmpty
  if !filtering { summary += " · " + s.sortedBy(state.list.sort.label(s)) }
  if open.round.status == .closed { summary += " · " + open.round.status.label(s.language) }
  buffer.write(summary, row: 1, column: 0, role: .disabled)
  if filtering {
    var text = " · " + s.filter + ": "
    let column = DisplayWidth.of(summary)
    buffer.write(text, row: 1, column: column, role: .disabled)
    text = state.list.filter + (state.list.editingFilter ? "_" : "")
    let x = column + DisplayWidth.of(" · " + s.filter + ": ")
    let used = buffer.write(text, row: 1, column: x, role: .selected)
    if state.list.editingFilter && state.list.filter.isEmpty {
      buffer.write("  " + s.filterHint, row: 1, column: x + used, role: .disabled)
    }
  }
  let columns = SurveyColumns(s, width: state.width)
  let unitWidth = columns.unit
  let header =
    "  " + DisplayWidth.pad(s.id, to: 9) + DisplayWidth.pad(s.born, to: 5)
    + DisplayWidth.pad(s.gender, to: columns.gender)
    + DisplayWidth.pad(s.unit, to: unitWidth + 1) + DisplayWidth.pad(s.index, to: columns.index)
    + DisplayWidth.pad(s.scored, to: 6)
    + DisplayWidth.pad(s.status, to: columns.status) + s.saved
  buffer.write(header, row: 2, column: 0, role: .heading)
  if state.list.visible.isEmpty {
    buffer.write("  " + (state.list.rows.isEmpty ? s.noSurveys : s.noMatches), row: 4, column: 0)
    return
  }
  let page = state.listPage
  let top = state.list.top
  // Only the rows on screen are drawn, whatever the round's size.
  for offset in 0..<min(page, state.list.visible.count - top) {
    let position = top + offset
    let row = state.list.rows[state.list.visible[position]]
    let y = 3 + offset
    let selected = position == state.list.cursor
    let base: Role = selected ? .selected : .normal
    if selected { buffer.fill(row: y, column: 0, columns: state.width, role: .selected) }
    var line = Line()
    line.add(row.hasRecovery ? " !" : "  ", row.hasRecovery ? .error : base)
    line.add(DisplayWidth.pad(state.shortID(row.id), to: 9), base)
    line.add(DisplayWidth.pad(row.birthYear.map(String.init) ?? "–", to: 5), base)
    line.add(DisplayWidth.pad(row.gender?.label(s.language) ?? "–", to: columns.gender), base)
    line.add(DisplayWidth.pad(row.unitName, to: unitWidth) + " ", base)
    var chip = indexChip(row.index, s)
    chip[1].0 = DisplayWidth.pad(chip[1].0, to: columns.index - 3)
    if selected { chip[1].1 = .selected }
    for piece in chip { line.add(piece.0, piece.1) }
    line.add(DisplayWidth.pad("\(row.scored)/8", to: 6), base)
    line.add(DisplayWidth.pad(row.status.label(s.language), to: columns.status), base)
    line.add(columns.shortSaved ? row.shortSavedText(roundYear: open.round.year) : row.savedText, base)
    buffer.draw(line, row: y, column: 0, maxColumns: state.width)
  }
}

/// Column widths of the surveys list, from the longest label of the UI's language, so that no
/// label runs into the next column ("Blålys", "Blue light"); the unit name gets what is left.
struct SurveyColumns {
  let gender: Int
  /// The chip (3), a space, the longest index label and a space.
  let index: Int
  let status: Int
  let unit: Int
  /// "2024-11-20 10:15", or "11-20 10:15" when the unit name would otherwise be cut short.
  let shortSaved: Bool

  init(_ s: Strings, width: Int) {
    let lang = s.language
    func widest(_ texts: [String]) -> Int { texts.map(DisplayWidth.of).max() ?? 0 }
    gender = widest([s.gender, "–"] + Gender.allCases.map { $0.label(lang) }) + 1
    index = max(DisplayWidth.of(s.index) + 1, 3 + 1 + widest(IndexCategory.allCases.map { $0.label(lang) }) + 1)
    status = widest([s.status] + SurveyStatus.allCases.map { $0.label(lang) }) + 1
    // Id 9, born 5, fung. 6, saved 16, the leading 2 and the space after the unit.
    let rest = width - (2 + 9 + 5 + gender + 1 + index + 6 + status)
    shortSaved = rest - 16 < 14
    unit = max(10, rest - (shortSaved ? 11 : 16))
  }
}

// MARK: New survey

func renderNewSurvey(_ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  guard let open = state.open else { return }
  let flow = state.newSurvey
  buffer.write(" " + s.inclusionTitle, row: 2, column: 0, role: .heading)
  let questions = [s.inclusionAge(open.round.year), s.inclusionService, s.inclusionOptOut]
  let answers = [s.yes, s.yes, s.no]
  for (index, question) in questions.enumerated() {
    let row = 4 + index
    let current = flow.step == index
    var line = Line()
    line.add(current ? " › " : "   ", current ? .heading : .normal)
    line.add(question + " ", current ? .heading : .normal)
    if flow.step > index {
      line.add(answers[index], .selected)
    } else if current {
      line.add("(\(s.yesKeys)/n)", .helpKey)
    }
    buffer.draw(line, row: row, column: 0, maxColumns: state.width)
  }
  guard flow.step == 3 else { return }
  buffer.write(" " + s.numberLabel, row: 8, column: 0, role: .heading)
  let bullet: Character = state.asciiOnly ? "*" : "•"
  var field = ""
  for position in 0..<11 {
    if position == 6 { field.append(" ") }
    field.append(position < flow.typedCount ? bullet : "_")
  }
  buffer.write("   [" + field + "]", row: 10, column: 0, role: .selected)
  buffer.write(s.digitsTyped(flow.typedCount), row: 10, column: 21, role: .disabled)
  if let problem = flow.problem {
    buffer.write("   " + problem, row: 12, column: 0, role: .error, maxColumns: state.width - 1)
  } else if let valid = flow.valid {
    buffer.write("   " + valid, row: 12, column: 0, role: .scoreGreen, maxColumns: state.width - 1)
  }
  buffer.write("   " + s.numberPrivacy, row: 14, column: 0, role: .disabled, maxColumns: state.width - 1)
  buffer.write("   " + s.noNumberHint, row: 15, column: 0, role: .disabled, maxColumns: state.width - 1)
}

// MARK: Form

func renderForm(_ state: AppState, into buffer: inout ScreenBuffer) {
  guard let form = state.form, let open = state.open else { return }
  let s = state.strings
  // Section tabs, with full names where they fit.
  let full = s.sections.enumerated().map { "\($0.offset + 1) \($0.element)" }
  let names =
    DisplayWidth.of(full.joined()) + full.count * 2 <= state.width - 2
    ? full : s.sectionsShort.enumerated().map { "\($0.offset + 1) \($0.element)" }
  var tabs = Line()
  for (index, name) in names.enumerated() {
    tabs.add(" ")
    tabs.add(name, index == form.section ? .selected : .heading)
    tabs.add(" ")
  }
  buffer.draw(tabs, row: 1, column: 0, maxColumns: state.width)
  let missing = form.survey.missingForComplete
  // What cannot be saved comes before what is missing (an unfinished birth year, say).
  let problem = form.survey.validate(in: open.round).first { $0.field != "revision" }
  let progress = problem.map { s.cannotSave + s.problem($0, year: open.round.year) } ?? s.missing(missing)
  buffer.write(
    " " + DisplayWidth.truncate(progress, to: state.width - 2), row: 2, column: 0,
    role: problem != nil ? .error : (missing.isEmpty ? .message : .disabled))
  let lines = formLines(form, open.round, state)
  let top = 4
  let page = state.height - 2 - top
  // Scroll so that the focused field's lines are on screen.
  let focusedLines = lines.indices.filter { lines[$0].field == form.field }
  var offset = 0
  if let last = focusedLines.last, last >= page { offset = min(last - page + 1, focusedLines.first!) }
  for (index, line) in lines.dropFirst(offset).prefix(page).enumerated() {
    buffer.draw(line, row: top + index, column: 0, maxColumns: state.width)
  }
}

/// The lines of the current section, each tagged with its field.
func formLines(_ form: FormState, _ round: Round, _ state: AppState) -> [Line] {
  let s = state.strings
  let lang = s.language
  let width = state.width
  let fields = form.layout.sections[form.section]
  var lines: [Line] = []
  let labelWidth = width >= 110 ? 40 : 32
  let radioOn = state.asciiOnly ? "(*)" : "(•)"
  let radioOff = "( )"

  func marker(_ index: Int) -> (String, Role) {
    index == form.field ? (state.asciiOnly ? " > " : " › ", .heading) : ("   ", .normal)
  }
  func label(_ index: Int, _ text: String) -> (String, Role) {
    (DisplayWidth.pad(text, to: labelWidth), index == form.field ? .heading : .normal)
  }
  /// Options flowed over as many lines as they need, the chosen one marked with (•).
  func options(_ index: Int, _ items: [(String, Bool)], numbered: Bool = true) {
    var line = Line(field: index)
    line.add("      ")
    var used = 6
    for (n, item) in items.enumerated() {
      let text = (numbered ? "\(n + 1) " : "") + (item.1 ? radioOn : radioOff) + " " + item.0 + "   "
      let w = DisplayWidth.of(text)
      if used + w > width - 1, used > 6 {
        lines.append(line)
        line = Line(field: index)
        line.add("      ")
        used = 6
      }
      line.add(text, item.1 ? .selected : .normal)
      used += w
    }
    lines.append(line)
  }
  func yesNoLine(_ index: Int, _ text: String, _ value: Bool?) {
    var line = Line(field: index)
    line.add(marker(index).0, marker(index).1)
    line.add(label(index, text).0, label(index, text).1)
    line.add("1 " + (value == true ? radioOn : radioOff) + " " + s.yes + "   ", value == true ? .selected : .normal)
    line.add("2 " + (value == false ? radioOn : radioOff) + " " + s.no, value == false ? .selected : .normal)
    lines.append(line)
  }
  func checkList<T: Vocabulary>(_ index: Int, _ title: String, _ all: [T], _ chosen: [T]?) {
    var head = Line(field: index)
    head.add(marker(index).0, marker(index).1)
    head.add(label(index, title).0, label(index, title).1)
    head.add(chosen == nil ? s.notAnswered : (chosen!.isEmpty ? s.noneAnswer : "\(chosen!.count)"), .disabled)
    lines.append(head)
    var row = Line(field: index)
    for (n, item) in all.enumerated() {
      let on = chosen?.contains(item) == true
      let text = "\(n + 1) " + (on ? "[x]" : "[ ]") + " " + item.label(lang)
      let cell = DisplayWidth.pad(text, to: (width - 8) / 2)
      if row.pieces.isEmpty { row.add("      ") }
      row.add(cell, on ? .selected : .normal)
      if n % 2 == 1 || n == all.count - 1 {
        lines.append(row)
        row = Line(field: index)
      }
    }
    lines.append(Line([("      " + s.multiHint, .disabled)], field: index))
  }

  lines.append(Line([(" " + s.sections[form.section], .heading)]))
  lines.append(Line())
  for (index, field) in fields.enumerated() {
    switch field {
    case .unit:
      lines.append(Line([marker(index), label(index, s.unit)], field: index))
      options(index, round.units.map { ($0.name, form.survey.unit == $0.id) })
    case .birthYear:
      var line = Line([marker(index), label(index, s.birthYear)], field: index)
      if let typed = form.yearText, index == form.field {
        line.add(typed + "_", .selected)
      } else {
        line.add(form.survey.birthYear.map(String.init) ?? s.notAnswered, index == form.field ? .selected : .normal)
        if let problem = form.survey.validate(in: round).first(where: { $0.field == "birthYear" }) {
          // An unfinished or impossible year stays visible as typed, with why it cannot be saved.
          line.add("  " + s.problem(problem, year: round.year), .error)
        } else if let year = form.survey.birthYear {
          line.add(
            "  (\(round.year - year) år)".replacingOccurrences(of: "år", with: lang == .norwegian ? "år" : "years"),
            .disabled)
        }
      }
      lines.append(line)
    case .gender:
      lines.append(Line([marker(index), label(index, s.gender)], field: index))
      options(index, Gender.allCases.map { ($0.label(lang), form.survey.gender == $0) })
    case .problemGroup:
      lines.append(Line([marker(index), label(index, s.problemGroup)], field: index))
      options(index, ProblemGroup.allCases.map { ($0.label(lang), form.survey.problemGroup == $0) })
    case .score(let dimension):
      let score = form.survey.scores[dimension]
      var line = Line([marker(index), label(index, dimension.label(lang))], field: index)
      for piece in scoreChip(score, s) { line.add(piece.0, piece.1) }
      line.add(" " + DisplayWidth.pad(score?.label(lang) ?? "", to: 6) + " ", .normal)
      // "…" says a description goes on; the focused one is written in full below.
      let room = width - 1 - (3 + labelWidth + 3 + 8)
      if let score { line.add(DisplayWidth.truncate(dimension.levelDescription(score, lang), to: room), .disabled) }
      lines.append(line)
    case .substances:
      checkList(index, s.substances, Substance.allCases, form.survey.substances)
    case .plans:
      checkList(index, s.plans, Plan.allCases, form.survey.plans)
    case .lar:
      lines.append(Line())
      yesNoLine(index, s.lar, form.survey.lar)
    case .child(let key):
      yesNoLine(index, s.childLabel(key), form.survey.children[key])
    case .activity:
      lines.append(Line([marker(index), label(index, s.activity)], field: index))
      options(index, Activity.allCases.map { ($0.label(lang), form.survey.activity == $0) })
    case .violence:
      lines.append(Line([marker(index), label(index, s.violence)], field: index))
      options(index, Violence.allCases.map { ($0.label(lang), form.survey.violence == $0) })
    case .service(let id):
      guard let service = round.catalogue.service(id) else { continue }
      let previous = index > 0 ? fields[index - 1] : nil
      let previousLevel: ServiceLevel? =
        if case .service(let p)? = previous { round.catalogue.service(p)?.level } else { nil }
      if previousLevel != service.level {
        if index == 0 {
          lines.append(
            Line([
              (
                "   " + DisplayWidth.pad("", to: labelWidth) + DisplayWidth.pad(s.hasNow, to: 10) + s.next12,
                .heading
              )
            ]))
        }
        lines.append(Line([("   " + service.level.label(lang), .heading)], field: index))
      }
      let answer = form.survey.answer(id)
      let focused = index == form.field
      var line = Line(
        [marker(index), ("   " + DisplayWidth.pad(service.label, to: labelWidth - 3), focused ? .heading : .normal)],
        field: index)
      let nowRole: Role = focused && form.serviceColumn == 0 ? .selected : .normal
      let nextRole: Role = focused && form.serviceColumn == 1 ? .selected : .normal
      line.add(answer.now ? "[x]" : "[ ]", nowRole)
      line.add("       ")
      line.add(answer.next12 ? "[x]" : "[ ]", nextRole)
      lines.append(line)
    }
  }
  // Below the eight dimensions: what each level means for the focused one.
  if case .score(let dimension) = form.currentField {
    lines.append(Line())
    lines.append(Line([("   " + dimension.label(lang) + ":", .heading)]))
    for (n, score) in Score.allCases.enumerated() {
      var line = Line([("   \(n + 1) ", .normal)])
      for piece in scoreChip(score, s) { line.add(piece.0, piece.1) }
      line.add(
        " " + DisplayWidth.pad(score.label(lang), to: 6) + " " + dimension.levelDescription(score, lang), .normal)
      lines.append(line)
    }
    lines.append(Line([("   1/2/3 g/y/r · ← → · 0 " + s.clear.lowercased(), .disabled)]))
  }
  if case .service = form.currentField {
    lines.append(Line([("   " + s.servicesHint, .disabled)]))
  }
  return lines
}

// MARK: Overlays

func drawBox(_ lines: [Line], title: String, state: AppState, into buffer: inout ScreenBuffer) {
  let inner = min(
    state.width - 6,
    max(DisplayWidth.of(title) + 4, lines.map { $0.pieces.reduce(0) { $0 + DisplayWidth.of($1.text) } }.max() ?? 0) + 2)
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

func renderHelp(_ state: AppState, into buffer: inout ScreenBuffer) {
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
  drawBox(lines, title: state.strings.helpTitle, state: state, into: &buffer)
}

func renderDialog(_ dialog: Dialog, _ state: AppState, into buffer: inout ScreenBuffer) {
  let s = state.strings
  var lines: [Line] = []
  var title = s.confirm
  switch dialog {
  case .quit(let unsaved):
    title = s.quit
    var question = unsaved ? s.confirmQuitUnsaved : s.confirmQuit
    // A new round cannot be kept as a draft: say that quitting throws it away.
    if state.screen == .createRound, state.createRound.hasTypedText { question = s.confirmQuitDiscardingRound }
    lines = [Line([(question, .normal)]), Line(), Line([(s.yesNoDefaultNo, .helpKey)])]
  case .delete(let id, _):
    title = s.delete
    lines = [Line([(s.confirmDelete(state.shortID(id)), .normal)]), Line(), Line([(s.yesNoDefaultNo, .helpKey)])]
  case .leaveForm:
    title = s.back
    lines = [Line([(s.discardQuestion, .normal)]), Line(), Line([(s.discardChoices, .helpKey)])]
  case .discardNewRound:
    title = s.back
    lines = [Line([(s.discardNewRound, .normal)]), Line(), Line([(s.yesNoDefaultNo, .helpKey)])]
  case .recovery:
    title = s.t("Gjenoppretting", "Recovery")
    lines = [Line([(s.recoveryQuestion, .normal)]), Line(), Line([(s.recoveryChoices, .helpKey)])]
  case .conflict(let current):
    title = s.t("Lagringskonflikt", "Save conflict")
    lines = [Line([(s.conflictTitle, .error)]), Line([(s.conflictHeader, .heading)])]
    let differences = state.form.map { $0.survey.differences(from: current, strings: s) } ?? []
    let room = max(1, state.height - 12)
    for difference in differences.prefix(room) {
      lines.append(
        Line([
          (s.fieldLabel(difference.field) + ": ", .normal), (difference.mine, .selected), (" → ", .normal),
          (difference.theirs, .selected),
        ]))
    }
    if differences.count > room { lines.append(Line([("… +\(differences.count - room)", .disabled)])) }
    if differences.isEmpty { lines.append(Line([(s.noDifferences, .disabled)])) }
    lines.append(Line())
    lines.append(Line([(s.conflictChoices, .helpKey)]))
  }
  drawBox(lines, title: title, state: state, into: &buffer)
}
