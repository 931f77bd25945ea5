import BrukerPlanModel

/// One survey: seven sections of fields, answered with the keys the focused field lists.
enum FormScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    var map = [bind([.enter], .confirmField, s.nextField)]
    if let form = state.form { map += answerBindings(form.currentField, state) }
    map += [
      bind([.control("s"), .function(2)], .save, s.save, bar: true, text: "Ctrl-S F2"),
      bind([.tab], .nextSection, s.nextSection, bar: true), bind([.backTab], .previousSection, s.previousSection),
      bind([.up], .up, s.move), bind([.down], .down, s.move),
      bind([.pageUp], .pageUp, s.previousSection), bind([.pageDown], .pageDown, s.nextSection),
      bind([.home], .home, s.firstLast), bind([.end], .end, s.firstLast),
      bind([.escape], .back, s.back, bar: true),
    ]
    // One binding per section so Alt-n goes to section n; help shows them once.
    for n in 1...7 {
      map.append(bind([.alt(Character(String(n)))], .section(n - 1), s.jumpSection, text: "Alt-1…7"))
    }
    return map
  }

  /// The focused field's keys: what `FormState.handle` takes for that field.
  static func answerBindings(_ focused: FormField, _ state: AppState) -> [Binding] {
    let s = state.strings
    let digits = Key.characters("0123456789")
    let clear = field([.delete, .backspace], .answer, s.clear, text: "Del BS")
    let cycle = field([.left, .right, .space], .answer, s.cycle, text: "← → Space")
    func choose(_ count: Int) -> Binding {
      field(Array(digits[1...count]), .answer, s.chooseOption, text: "1–\(count)")
    }
    switch focused {
    case .unit: return [choose(max(1, min(9, state.open?.round.units.count ?? 1))), cycle, clear]
    case .gender:
      return [
        choose(Gender.allCases.count), field(Key.characters("kfm"), .answer, s.genderLetters, ignoresCase: true),
        cycle, clear,
      ]
    case .problemGroup: return [choose(ProblemGroup.allCases.count), cycle, clear]
    case .activity: return [choose(Activity.allCases.count), cycle, clear]
    case .violence: return [choose(Violence.allCases.count), cycle, clear]
    case .birthYear:
      return [
        field(digits, .answer, s.birthYear, text: "0–9"),
        field([.backspace, .delete], .answer, s.erase, text: "BS Del"),
        field([.control("u")], .answer, s.clearText, text: "Ctrl-U"),
      ]
    case .score:
      return [
        field(Key.characters("123gyr"), .answer, s.chooseLevel, text: "1 2 3  g y r", ignoresCase: true), cycle,
        field([.character("0"), .delete, .backspace], .answer, s.clear, text: "0 Del BS"),
      ]
    case .substances: return multi(Substance.allCases.count, s)
    case .plans: return multi(Plan.allCases.count, s)
    case .lar, .child:
      return [field(Key.characters("jyn12"), .answer, s.yesNo, text: "j/y n  1 2", ignoresCase: true), cycle, clear]
    case .service:
      return [
        field([.character("1"), .character("2"), .space], .answer, s.toggle, text: "1 2 Space"),
        field([.left, .right], .answer, s.column, text: "← →"),
        field([], .typeText, s.jumpToService, text: s.t("a–å", "a–z"), takesText: true),
      ]
    }
  }

  static func multi(_ count: Int, _ s: Strings) -> [Binding] {
    let digits = Key.characters("123456789")
    return [
      field(Array(digits.prefix(count)), .answer, s.toggle, text: "1–\(count)"),
      field([.character("0")], .answer, s.noneAnswer), field([.delete, .backspace], .answer, s.clear, text: "Del BS"),
    ]
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    guard let current = state.form else { return [] }
    switch action {
    case .answer:
      return answer(key, &state)
    case .typeText:
      guard case .character(let c) = key, let open = state.open,
        state.form?.jump(typing: c, round: open.round, language: state.strings.language) == true
      else { return nil }
    case .confirmField:
      // Enter confirms the field and moves on (a multi-choice field handles Enter itself).
      guard current.yearText == nil, current.currentField == .substances || current.currentField == .plans else {
        state.form?.advance()
        return []
      }
      return answer(key, &state)
    case .back:
      return back(&state)
    case .save:
      return state.saveForm(reason: .explicit)
    case .nextSection:
      state.form?.focus(section: (current.section + 1) % current.layout.sections.count)
    case .previousSection:
      let count = current.layout.sections.count
      state.form?.focus(section: (current.section + count - 1) % count)
    case .section(let n):
      state.form?.focus(section: n)
    case .up: state.form?.moveField(by: -1)
    case .down: state.form?.moveField(by: 1)
    case .pageUp: state.form?.focus(section: current.section - 1)
    case .pageDown: state.form?.focus(section: current.section + 1)
    case .home: state.form?.focus(section: current.section, field: 0)
    case .end:
      state.form?.focus(section: current.section, field: current.layout.sections[current.section].count - 1)
    default:
      break
    }
    return []
  }

  /// A key for the focused field; nil when the field does not take it (or the round is closed).
  static func answer(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard var current = state.form, let open = state.open else { return nil }
    guard open.round.status == .open else {
      if case .character = key { state.say(state.strings.roundClosed, error: true) }
      return nil
    }
    let handled = current.handle(key, round: open.round, now: state.now)
    state.form = current
    return handled ? [] : nil
  }

  static func back(_ state: inout AppState) -> [Effect] {
    guard let current = state.form, let open = state.open else {
      state.leaveForm()
      return []
    }
    if current.yearText != nil {
      // Esc leaves the field, not the form; what was typed stays the answer (and the form changed).
      state.form?.endYearEdit()
      let problem = current.survey.validate(in: open.round).first { $0.field == "birthYear" }
      state.say(
        state.strings.yearKept(
          current.survey.birthYear, problem: problem.map { state.strings.problem($0, year: open.round.year) }),
        error: problem != nil)
    } else if current.dirty {
      state.dialog = .leaveForm
    } else {
      state.leaveForm()
    }
    return []
  }

  static func crumb(_ state: AppState) -> String? {
    state.form.map { $0.saved == nil ? state.strings.newSurvey : state.shortID($0.survey.id) }
  }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
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
    // The services' column header stays put while the list scrolls under it.
    let services = form.layout.sections[form.section].first.map { if case .service = $0 { true } else { false } }
    let fixed = services == true ? min(3, lines.count) : 0
    let table = Table(header: Array(lines.prefix(fixed)), body: Array(lines.dropFirst(fixed)))
    let rows = state.height - 2 - 4
    table.draw(
      top: table.top(showing: form.field, rows: rows), firstRow: 4, rows: rows, width: state.width,
      moreBelow: fixed > 0 ? s.moreBelow : nil, into: &buffer)
  }
}

extension AppState {
  mutating func openForm(_ survey: Survey, saved: Survey? = nil, isNew: Bool = false) {
    guard let open else { return }
    var state = FormState(survey: survey, saved: isNew ? nil : (saved ?? survey), round: open.round)
    // Start where the work is: the first unanswered field.
    if let first = state.allFields.first(where: { state.isMissing($0.value) }) {
      state.section = first.section
      state.field = first.field
    }
    form = state
    stack.removeAll { $0 == .newSurvey || $0 == .form }
    stack.append(.form)
  }

  mutating func leaveForm() {
    form = nil
    if stack.last == .form { stack.removeLast() }
  }
}
