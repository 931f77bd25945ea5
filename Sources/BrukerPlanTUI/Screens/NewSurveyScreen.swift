import BrukerPlanModel

/// The new-survey flow: three inclusion questions, then the number.
public struct NewSurveyState: Sendable {
  public var step = 0
  /// Digits typed so far. Held only here, in memory, until the pseudonym is made.
  var digits: [Character] = []
  public var problem: String?
  public var valid: String?
  /// Why the person is left out, once an answer said so; counted when the unit is known.
  public var leftOut: ExclusionReason?
  /// The unit whose check it is (asked when there is more than one).
  public var unit: String?
  var unitCursor = 0
  public init() {}
  public var typedCount: Int { digits.count }

  static let numberStep = 3
}

/// Who is included (three questions), then the identity number, checked while it is typed.
enum NewSurveyScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    let step = state.newSurvey.step
    if state.choosingExclusionUnit { return ExclusionUnitPicker.bindings(s) }
    var map: [Binding]
    if step < NewSurveyState.numberStep {
      map = [
        field(Key.characters("jy"), .yes, s.yes, text: s.t("j", "y"), ignoresCase: true),
        field([.character("n")], .no, s.no, ignoresCase: true),
        field([.character("u")], .outsideTarget, s.outsideTargetGroup, ignoresCase: true),
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
    if state.choosingExclusionUnit { return ExclusionUnitPicker.perform(action, key: key, &state, open) }
    switch (action, state.newSurvey.step) {
    case (.yes, 0), (.yes, 1), (.no, 2):
      state.newSurvey.step += 1
    case (.no, 0):
      return state.leaveOut(.under16, open)
    case (.no, 1):
      return state.leaveOut(.noMunicipalService, open)
    case (.yes, 2):
      return state.leaveOut(.optedOut, open)
    case (.outsideTarget, _):
      return state.leaveOut(.outsideTargetGroup, open)
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
      if state.newSurvey.leftOut == .optedOut { return state.countLeftOut(number: nil, open) }
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
    for (index, question) in questions.enumerated() {
      let current = flow.step == index
      var line = Line()
      line.add(current ? " › " : "   ", current ? .heading : .normal)
      line.add(question + " ", current ? .heading : .normal)
      if let answer = answer(index, flow, s) {
        line.add(answer, .selected)
      } else if current {
        line.add("(\(s.yesKeys)/n)", .helpKey)
      }
      buffer.draw(line, row: 4 + index, column: 0, maxColumns: state.width)
    }
    if state.choosingExclusionUnit {
      ExclusionUnitPicker.render(state, open, into: &buffer)
      return
    }
    guard flow.step == NewSurveyState.numberStep else {
      buffer.write("   " + s.outsideTargetHint, row: 8, column: 0, role: .disabled, maxColumns: state.width - 1)
      return
    }
    let optOut = flow.leftOut == .optedOut
    buffer.write(" " + (optOut ? s.optOutNumberLabel : s.numberLabel), row: 8, column: 0, role: .heading)
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
    buffer.write(
      "   " + (optOut ? s.optOutPrivacy : s.numberPrivacy), row: 14, column: 0, role: .disabled,
      maxColumns: state.width - 1)
    buffer.write(
      "   " + (optOut ? s.optOutNoNumberHint : s.noNumberHint), row: 15, column: 0, role: .disabled,
      maxColumns: state.width - 1)
  }

  /// The answer shown after a question: the one given, or none yet.
  static func answer(_ index: Int, _ flow: NewSurveyState, _ s: Strings) -> String? {
    if flow.leftOut == .optedOut, index == 2 { return s.yes }
    if flow.step > index { return [s.yes, s.yes, s.no][index] }
    if flow.step == index, let reason = flow.leftOut {
      return reason == .outsideTargetGroup ? reason.label(s.language) : s.no
    }
    return nil
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
    if newSurvey.leftOut == .optedOut { return countLeftOut(number: number, open) }
    if open.round.year - number.birthYear < 16 {
      let effects = leaveOut(.under16, open)
      if choosingExclusionUnit { say(strings.underAge(open.round.year)) }
      return effects
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
    if open.surveys[id] != nil { return [.openSurvey(id: id, folder: open.folder)] }
    var survey = Survey(id: id)
    survey.birthYear = birthYear
    survey.gender = gender
    if open.round.units.count == 1 { survey.unit = open.round.units[0].id }
    openForm(survey, isNew: true)
    form?.markChanged(at: now)
    return []
  }
}
