import BrukerPlanModel

// The inclusion check's "no": a person left out is counted for the unit that asked, by reason
// (inclusion.json, counters only), and an opt-out puts the person's pseudonym and the day on
// the round's opt-out list so that no unit registers them afterwards. All through the store
// service, so a caseworker on a served store counts for their own units only.

extension AppState {
  /// The units an inclusion check can be counted for: the round's, or those of the caseworker.
  func exclusionUnits(_ open: OpenRound) -> [Round.Unit] {
    let own = open.round.units.filter { ownUnits?.contains($0.id) ?? true }
    return own.isEmpty ? open.round.units : own
  }

  /// Whether the new-survey screen is asking which unit did the check.
  var choosingExclusionUnit: Bool { newSurvey.leftOut != nil && newSurvey.unit == nil }

  /// The person is left out for `reason`: the unit is asked for (when there is a choice), then
  /// for an opt-out the number, then it is counted.
  mutating func leaveOut(_ reason: ExclusionReason, _ open: OpenRound) -> [Effect] {
    newSurvey.digits = []
    newSurvey.valid = nil
    newSurvey.problem = nil
    newSurvey.leftOut = reason
    let units = exclusionUnits(open)
    if units.count == 1 {
      newSurvey.unit = units[0].id
    } else {
      newSurvey.unitCursor = units.firstIndex { $0.id == lastExclusionUnit } ?? 0
      return []
    }
    return continueLeftOut(open)
  }

  mutating func chooseExclusionUnit(_ index: Int, _ open: OpenRound) -> [Effect] {
    let units = exclusionUnits(open)
    guard units.indices.contains(index) else { return [] }
    newSurvey.unit = units[index].id
    lastExclusionUnit = units[index].id
    return continueLeftOut(open)
  }

  /// After the unit: an opt-out asks for the number (for the list); the rest is counted now.
  mutating func continueLeftOut(_ open: OpenRound) -> [Effect] {
    if newSurvey.leftOut == .optedOut, newSurvey.step < NewSurveyState.numberStep {
      newSurvey.step = NewSurveyState.numberStep
      return []
    }
    return countLeftOut(number: nil, open)
  }

  mutating func countLeftOut(number: NationalIdentityNumber?, _ open: OpenRound) -> [Effect] {
    guard let reason = newSurvey.leftOut, let unit = newSurvey.unit else { return [] }
    // Nothing typed outlives the screen.
    newSurvey = NewSurveyState()
    if screen == .newSurvey { leaveScreen() }
    return [.countNotIncluded(unit: unit, reason: reason, number: number, folder: open.folder)]
  }

  /// The count is stored: what happened, in the UI's words; a deleted survey leaves the list.
  mutating func notIncludedCounted(unit: String, reason: ExclusionReason, outcome: ExclusionOutcome) {
    let s = strings
    let name = open?.round.unit(unit)?.name ?? unit
    switch (reason, outcome.optOutDate) {
    case (.under16, _): say(s.underAgeCounted(open?.round.year ?? 0, name))
    case (.optedOut, let date?) where outcome.deletedSurvey != nil: say(s.optOutDeletedSurvey(date, name))
    case (.optedOut, let date?):
      say(outcome.alreadyListed ? s.optOutAlreadyListed(date, name) : s.optOutListed(date, name))
    case (.optedOut, nil): say(s.optOutCountedOnly(name))
    default: say(s.leftOutCounted(reason.label(s.language), name))
    }
    if let id = outcome.deletedSurvey {
      open?.surveys[id] = nil
      open?.recovery[id] = nil
      list.remove(id)
    }
  }
}

/// The unit question of the new-survey screen: digits or ↑ ↓ and Enter.
enum ExclusionUnitPicker {
  static func bindings(_ s: Strings) -> [Binding] {
    [
      field(Key.characters("123456789"), .answer, s.chooseUnit, text: "1–9"),
      field([.up, .down], .up, s.move, text: "↑ ↓"),
      field([.enter], .confirmField, s.confirm),
      bind([.escape], .back, s.back, bar: true),
    ]
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState, _ open: OpenRound) -> [Effect] {
    let count = state.exclusionUnits(open).count
    switch action {
    case .answer:
      guard case .character(let c) = key, let digit = c.wholeNumberValue else { return [] }
      return state.chooseExclusionUnit(digit - 1, open)
    case .up:
      let step = key == .down ? 1 : count - 1
      state.newSurvey.unitCursor = (state.newSurvey.unitCursor + step) % max(1, count)
    case .confirmField:
      return state.chooseExclusionUnit(state.newSurvey.unitCursor, open)
    case .back:
      state.newSurvey = NewSurveyState()
      state.leaveScreen()
    default: break
    }
    return []
  }

  static func render(_ state: AppState, _ open: OpenRound, into buffer: inout ScreenBuffer) {
    let s = state.strings
    buffer.write(" " + s.chooseUnitTitle, row: 9, column: 0, role: .heading, maxColumns: state.width - 1)
    let units = state.exclusionUnits(open)
    let room = max(1, state.height - 3 - 11)
    var position = ListCursor(cursor: state.newSurvey.unitCursor)
    position.scroll(count: units.count, page: room)
    ScrollingList.draw(position, count: units.count, page: room, firstRow: 11, width: state.width, into: &buffer) {
      index, selected in
      let number = index < 9 ? "\(index + 1)" : " "
      return Line([("   \(number)  \(units[index].name)", selected ? .selected : .normal)])
    }
  }
}

extension Strings {
  var outsideTargetGroup: String {
    t("Utenfor målgruppen (telles, ingenting lagres)", "Outside the target group (counted, nothing stored)")
  }
  var outsideTargetHint: String {
    t(
      "u: utenfor målgruppen (telles for enheten; ingenting om personen lagres)",
      "u: outside the target group (counted for the unit; nothing is stored)")
  }
  var chooseUnit: String { t("Velg enhet", "Choose the unit") }
  var chooseUnitTitle: String {
    t(
      "Hvilken enhet gjorde inklusjonssjekken? (1–9, eller ↑ ↓ og Enter)",
      "Which unit did the check? (1–9, or ↑ ↓ and Enter)")
  }
  var optOutNumberLabel: String {
    t("Fødselsnummer til personen som har reservert seg", "Identity number of the person who opted out")
  }
  var optOutPrivacy: String {
    t(
      "Bare pseudonymet og dagen går på reservasjonslisten; nummeret lagres aldri.",
      "Only the pseudonym and the day go on the opt-out list; never the number.")
  }
  var optOutNoNumberHint: String {
    t("F3 eller Ctrl-N: uten nummer (bare telt, ikke på listen)", "F3 or Ctrl-N: no number (counted only, not listed)")
  }
  // One line each on the message line at 80 columns (with a unit name of ordinary length).
  func underAgeCounted(_ year: Int, _ unit: String) -> String {
    t(
      "Personen er under 16 år i \(year): ikke med. Telt for \(unit); ingenting lagret.",
      "Under 16 in \(year): not included. Counted for \(unit); nothing stored.")
  }
  func leftOutCounted(_ reason: String, _ unit: String) -> String {
    t(
      "Ikke med (\(reason)). Telt for \(unit); ingenting lagret.",
      "Not included (\(reason)). Counted for \(unit); nothing stored.")
  }
  func optOutListed(_ date: String, _ unit: String) -> String {
    t(
      "Reservert (\(date)): ingen enhet kan kartlegge personen. Telt for \(unit).",
      "Opted out (\(date)): no unit can map the person. Counted for \(unit).")
  }
  func optOutDeletedSurvey(_ date: String, _ unit: String) -> String {
    t(
      "Reservert (\(date)): kartleggingen av personen er slettet. Telt for \(unit).",
      "Opted out (\(date)): the person's survey is deleted. Counted for \(unit).")
  }
  func optOutAlreadyListed(_ date: String, _ unit: String) -> String {
    t(
      "Stod allerede på reservasjonslisten (\(date)). Telt for \(unit).",
      "Already on the opt-out list (\(date)). Counted for \(unit).")
  }
  func optOutCountedOnly(_ unit: String) -> String {
    t(
      "Reservasjon telt for \(unit) (uten nummer, ikke på listen).",
      "Opt-out counted for \(unit) (no number, not listed).")
  }
}
