import BrukerPlanModel

/// The new-survey flow: three inclusion questions, then the number.
public struct NewSurveyState: Sendable {
  public var step = 0
  /// Digits typed so far. Held only here, in memory, until the pseudonym is made.
  var digits: [Character] = []
  public var problem: String?
  public var valid: String?
  public init() {}
  public var typedCount: Int { digits.count }

  static let numberStep = 3
}

/// Who is included (three questions), then the identity number, checked while it is typed.
enum NewSurveyScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    let step = state.newSurvey.step
    var map: [Binding]
    if step < NewSurveyState.numberStep {
      map = [
        field(Key.characters("jy"), .yes, s.yes, text: s.t("j", "y"), ignoresCase: true),
        field([.character("n")], .no, s.no, ignoresCase: true),
      ]
    } else {
      map = [
        field(Key.characters("0123456789"), .typeText, s.numberLabel, text: "0–9", takesText: true),
        field([.backspace, .delete], .erase, s.erase, text: "BS Del"),
        field([.control("u")], .clearText, s.clearText, text: "Ctrl-U"),
        field([.enter], .confirmField, s.t("Lag pseudonym", "Make the pseudonym")),
      ]
    }
    if step > 0 {
      map.append(field([.up], .previousField, s.takeBack))
      if step < NewSurveyState.numberStep { map.append(field([.backspace], .previousField, s.takeBack)) }
    }
    return map + [
      bind(
        [.function(3), .control("n")], .noNumber, s.noNumber, bar: step == NewSurveyState.numberStep,
        text: "F3 Ctrl-N"),
      bind([.escape], .back, s.back, bar: true),
    ]
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    guard let open = state.open else { return [] }
    let s = state.strings
    switch (action, state.newSurvey.step) {
    case (.yes, 0), (.yes, 1), (.no, 2):
      state.newSurvey.step += 1
    case (.no, 0), (.no, 1):
      state.leaveScreen()
      state.say(s.notIncluded)
    case (.yes, 2):
      state.leaveScreen()
      state.say(s.optedOut)
    case (.previousField, let step):
      // The last answer is taken back; typed digits are forgotten with it.
      state.newSurvey = NewSurveyState()
      state.newSurvey.step = max(0, step - 1)
    case (.typeText, _):
      guard case .character(let c) = key else { return nil }
      if c.isASCII && c.isNumber {
        if state.newSurvey.digits.count < 11 { state.newSurvey.digits.append(c) }
        state.checkNumber()
      } else if c.isWhitespace || c == "?" {
        return nil
      } else {
        state.newSurvey.problem = NationalIdentityNumber.Problem.notDigits.message(s.language)
      }
    case (.erase, _):
      if state.newSurvey.digits.isEmpty { return perform(.previousField, key: key, &state) }
      state.newSurvey.digits.removeLast()
      state.checkNumber()
    case (.clearText, _):
      state.newSurvey.digits = []
      state.checkNumber()
    case (.confirmField, _):
      return state.submitNumber(open)
    case (.noNumber, _):
      return state.newSurveyWithoutNumber()
    case (.back, _):
      // Typed digits do not outlive the screen.
      state.newSurvey = NewSurveyState()
      state.leaveScreen()
    default:
      break
    }
    return []
  }

  static func crumb(_ state: AppState) -> String? { state.strings.newSurvey }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    guard let open = state.open else { return }
    let flow = state.newSurvey
    buffer.write(" " + s.inclusionTitle, row: 2, column: 0, role: .heading)
    let questions = [s.inclusionAge(open.round.year), s.inclusionService, s.inclusionOptOut]
    let answers = [s.yes, s.yes, s.no]
    for (index, question) in questions.enumerated() {
      let current = flow.step == index
      var line = Line()
      line.add(current ? " › " : "   ", current ? .heading : .normal)
      line.add(question + " ", current ? .heading : .normal)
      if flow.step > index {
        line.add(answers[index], .selected)
      } else if current {
        line.add("(\(s.yesKeys)/n)", .helpKey)
      }
      buffer.draw(line, row: 4 + index, column: 0, maxColumns: state.width)
    }
    guard flow.step == NewSurveyState.numberStep else { return }
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
}

extension AppState {
  /// Validates the digits while they are typed: the date as soon as it is there, the rest at 11.
  mutating func checkNumber() {
    newSurvey.problem = nil
    newSurvey.valid = nil
    let digits = newSurvey.digits.compactMap(\.wholeNumberValue)
    if let problem = NationalIdentityNumber.problem(typedSoFar: digits) {
      newSurvey.problem = problem.message(strings.language)
      return
    }
    guard digits.count == 11 else { return }
    do {
      let number = try NationalIdentityNumber(String(newSurvey.digits))
      newSurvey.valid = strings.numberValid(number.birthYear, number.gender.label(strings.language))
    } catch {
      newSurvey.problem = error.message(strings.language)
    }
  }

  mutating func submitNumber(_ open: OpenRound) -> [Effect] {
    let number: NationalIdentityNumber
    do {
      number = try NationalIdentityNumber(String(newSurvey.digits))
    } catch {
      // Kept so a typing error can be corrected; it is still only in memory.
      newSurvey.problem = error.message(strings.language)
      return []
    }
    // The typed number leaves the state here, whatever happens next.
    newSurvey.digits = []
    newSurvey.valid = nil
    if open.round.year - number.birthYear < 16 {
      leaveScreen()
      say(strings.underAge(open.round.year))
      return []
    }
    return [.identify(number)]
  }

  mutating func newSurveyWithoutNumber() -> [Effect] {
    guard screen == .newSurvey, newSurvey.step == NewSurveyState.numberStep, let open else { return [] }
    newSurvey.digits = []
    var survey = Survey(id: Base32.randomID())
    if open.round.units.count == 1 { survey.unit = open.round.units[0].id }
    openForm(survey, isNew: true)
    return []
  }

  mutating func identified(id: String, birthYear: Int, gender: Gender) -> [Effect] {
    guard let open else { return [] }
    if let existing = open.surveys[id] {
      let unit = existing.unit.flatMap { open.round.unit($0)?.name } ?? existing.unit ?? "?"
      openForm(existing)
      say(strings.alreadyRegistered(unit))
      if open.recovery[id] != nil { dialog = .recovery(id: id) }
      return []
    }
    var survey = Survey(id: id)
    survey.birthYear = birthYear
    survey.gender = gender
    if open.round.units.count == 1 { survey.unit = open.round.units[0].id }
    openForm(survey, isNew: true)
    form?.markChanged(at: now)
    return []
  }
}
