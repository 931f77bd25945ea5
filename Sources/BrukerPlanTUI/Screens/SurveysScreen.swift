import BrukerPlanModel

/// An open round: its surveys as a list that can be filtered and sorted.
enum SurveysScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    // While the filter is typed, characters go to it; ↑ ↓ still move in the list.
    let filterKeys =
      state.list.editingFilter
      ? Binding.textField(s) + [
        field([.enter, .tab], .finishText, s.filterDone, text: "Enter Tab"),
        field([.escape], .cancelText, s.filterClear),
      ] : []
    return filterKeys + [
      // In key-bar order; what does not fit at 80 columns is in the help.
      bind([.enter], .open, s.open, bar: true), bind([.character("n")], .new, s.new, bar: true),
      bind([.character("/")], .filter, s.filter, bar: true),
      bind([.character("r")], .report, s.report, bar: true), bind([.character("c")], .compare, s.compare, bar: true),
      bind([.character("o")], .desk, s.deskOpen),
      bind([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc"),
      bind([.character("d"), .delete], .delete, s.delete, bar: true, text: "d Del"),
      bind([.character("s")], .sort, s.sort, bar: true),
    ] + Binding.listMoves(s)
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    switch action {
    case .typeText, .erase, .clearText, .finishText, .cancelText:
      editFilter(action, key: key, &state)
    case .open:
      guard let row = state.list.selected, let open = state.open else { return [] }
      guard open.answersVisible else {
        let message = (
          "Din rolle ser framdriften, ikke svarene; rapporten (r) viser tallene",
          "Your role sees progress, not answers; the report (r) has the figures"
        )
        state.say(state.strings.t(message.0, message.1), error: true)
        return []
      }
      return [.openSurvey(id: row.id, folder: open.folder)]
    case .new:
      guard let open = state.open else { return [] }
      guard open.round.status == .open else {
        state.say(state.strings.roundClosed, error: true)
        return []
      }
      state.newSurvey = NewSurveyState()
      state.stack.append(.newSurvey)
    case .filter:
      state.list.editingFilter = true
    case .report:
      guard let open = state.open else { return [] }
      return [.publishReport(open.folder)]
    case .compare:
      return state.startCompare()
    case .desk:
      guard let open = state.open else { return [] }
      return [.loadDesk(open.folder, today: state.today)]
    case .delete:
      if let row = state.list.selected { state.dialog = .delete(id: row.id, revision: row.revision) }
    case .sort:
      state.list.sort = SortKey(rawValue: (state.list.sort.rawValue + 1) % SortKey.allCases.count)!
      state.list.refresh()
      state.list.scroll(page: state.listPage)
      state.say(state.strings.sortedBy(state.list.sort.label(state.strings)))
    case .back:
      if !state.list.filter.isEmpty {
        state.list.filter = ""
        state.list.refresh()
        return []
      }
      state.leaveScreen()
      state.open = nil
      return [.loadRounds]
    case _ where action.isMove:
      state.list.move(action, page: state.listPage)
    default:
      break
    }
    return []
  }

  static func editFilter(_ action: Action, key: Key, _ state: inout AppState) {
    switch action {
    case .typeText: if case .character(let c) = key { state.list.filter.append(c) }
    case .erase: if !state.list.filter.isEmpty { state.list.filter.removeLast() }
    case .clearText: state.list.filter = ""
    case .finishText: state.list.editingFilter = false
    default:
      state.list.filter = ""
      state.list.editingFilter = false
    }
    state.list.refresh()
    state.list.scroll(page: state.listPage)
  }

  static func crumb(_ state: AppState) -> String? { nil }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    guard let open = state.open else { return }
    renderSummary(state, open, into: &buffer)
    let columns = SurveyColumns(s, width: state.width)
    let header =
      "  " + DisplayWidth.pad(s.id, to: 9) + DisplayWidth.pad(s.born, to: 5)
      + DisplayWidth.pad(s.gender, to: columns.gender)
      + DisplayWidth.pad(s.unit, to: columns.unit + 1) + DisplayWidth.pad(s.index, to: columns.index)
      + DisplayWidth.pad(s.scored, to: 6)
      + DisplayWidth.pad(s.status, to: columns.status) + s.saved
    buffer.write(header, row: 2, column: 0, role: .heading)
    if state.list.visible.isEmpty {
      buffer.write("  " + (state.list.rows.isEmpty ? s.noSurveys : s.noMatches), row: 4, column: 0)
      return
    }
    // Only the rows on screen are drawn, whatever the round's size.
    ScrollingList.draw(
      state.list.position, count: state.list.visible.count, page: state.listPage, firstRow: 3, width: state.width,
      into: &buffer
    ) { position, selected in
      let row = state.list.rows[state.list.visible[position]]
      let base: Role = selected ? .selected : .normal
      var line = Line()
      line.add(row.hasRecovery ? " !" : "  ", row.hasRecovery ? .error : base)
      line.add(DisplayWidth.pad(state.shortID(row.id), to: 9), base)
      line.add(DisplayWidth.pad(row.birthYear.map(String.init) ?? "–", to: 5), base)
      line.add(DisplayWidth.pad(row.gender?.label(s.language) ?? "–", to: columns.gender), base)
      line.add(DisplayWidth.pad(row.unitName, to: columns.unit) + " ", base)
      var chip = indexChip(row.index, s)
      chip[1].0 = DisplayWidth.pad(chip[1].0, to: columns.index - 3)
      if selected { chip[1].1 = .selected }
      for piece in chip { line.add(piece.0, piece.1) }
      line.add(DisplayWidth.pad("\(row.scored)/8", to: 6), base)
      line.add(DisplayWidth.pad(row.status.label(s.language), to: columns.status), base)
      line.add(columns.shortSaved ? row.shortSavedText(roundYear: open.round.year) : row.savedText, base)
      return line
    }
  }

  /// The counts, the sort or the filter being typed, and whether the round is closed.
  static func renderSummary(_ state: AppState, _ open: OpenRound, into buffer: inout ScreenBuffer) {
    let s = state.strings
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
    guard filtering else { return }
    var text = " · " + s.filter + ": "
    let column = DisplayWidth.of(summary)
    buffer.write(text, row: 1, column: column, role: .disabled)
    text =
      TextSafety.maskingDigitWords(state.list.filter, bullet: state.asciiOnly ? "*" : "•")
      + (state.list.editingFilter ? "_" : "")
    let x = column + DisplayWidth.of(" · " + s.filter + ": ")
    let used = buffer.write(text, row: 1, column: x, role: .selected)
    if state.list.editingFilter && state.list.filter.isEmpty {
      buffer.write("  " + s.filterHint, row: 1, column: x + used, role: .disabled)
    }
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

extension AppState {
  mutating func roundOpened(_ opened: OpenRound) {
    open = opened
    list = SurveyListState(
      rows: opened.surveys.values.map {
        SurveyRow($0, round: opened.round, hasRecovery: opened.recovery[$0.id] != nil)
      })
    stack = [.rounds, .surveys]
    if opened.invalidCount > 0 {
      say(strings.invalidFiles(opened.invalidCount), error: true)
    } else if !opened.recovery.isEmpty {
      say(strings.recoveryNote(opened.recovery.count))
    } else if opened.round.status == .closed {
      say(strings.roundClosed)
    }
  }

  /// The survey fetched for its form: opened where the work is, with its recovery question and
  /// who else has it open. From the new-survey screen it was a typed number already registered.
  mutating func surveyLoaded(_ survey: Survey, editors: [Editor]) {
    guard let open else { return }
    let typedNumber = screen == .newSurvey
    openForm(survey)
    if typedNumber {
      say(strings.alreadyRegistered(survey.unit.flatMap { open.round.unit($0)?.name } ?? survey.unit ?? "?"))
    }
    if open.recovery[survey.id] != nil { dialog = .recovery(id: survey.id) }
    if !editors.isEmpty { say(strings.alsoOpen(editors), error: true) }
  }
}
