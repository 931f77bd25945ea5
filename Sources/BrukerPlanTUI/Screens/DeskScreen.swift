import BrukerPlanModel
import Foundation

/// The round desk's state: the figures as last loaded, the cursor, and a reason being typed
/// for closing or reopening the round.
public struct RoundDeskState: Sendable {
  public var desk: RoundDesk?
  public var rows = ListCursor()
  /// The reason typed so far; nil when none is being typed.
  public var reason: String?
  public init() {}
}

/// The coordinator's desk for the open round: per unit complete (beside last year's), drafts,
/// persons not included by reason, open data-quality findings and the last save; totals and the
/// days to the deadline. `l` closes the round (after a reason and a question), `a` reopens it.
enum DeskScreen: ScreenPage {
  static func bindings(_ state: AppState) -> [Binding] {
    let s = state.strings
    if state.desk.reason != nil {
      return Binding.textField(s) + [
        field([.enter], .finishText, s.deskReasonDone, text: "Enter"),
        field([.escape], .cancelText, s.cancel),
      ]
    }
    let closed = state.desk.desk?.status == .closed
    return [
      closed
        ? bind([.character("a")], .reopenRound, s.reopenRound, bar: true)
        : bind([.character("l")], .closeRound, s.closeRound, bar: true),
      bind([.character("u")], .reload, s.deskReload, bar: true),
      bind([.character("q"), .escape], .back, s.back, bar: true, text: "q Esc"),
    ] + Binding.listMoves(s)
  }

  static func perform(_ action: Action, key: Key, _ state: inout AppState) -> [Effect]? {
    guard let open = state.open else { return [] }
    switch action {
    case .closeRound, .reopenRound:
      state.desk.reason = ""
      state.say(state.desk.desk?.status == .closed ? state.strings.reopenReasonAsk : state.strings.closeReasonAsk)
    case .typeText:
      if case .character(let c) = key, (state.desk.reason?.count ?? 0) < 200 { state.desk.reason?.append(c) }
    case .erase:
      if state.desk.reason?.isEmpty == false { state.desk.reason?.removeLast() }
    case .clearText:
      state.desk.reason = ""
    case .cancelText:
      state.desk.reason = nil
      state.message = nil
    case .finishText:
      let reason = (state.desk.reason ?? "").trimmingCharacters(in: .whitespaces)
      guard !reason.isEmpty else {
        state.say(state.strings.reasonRequired, error: true)
        return []
      }
      state.desk.reason = nil
      if state.desk.desk?.status == .closed {
        return [.changeRoundStatus(open.folder, close: false, reason: reason)]
      }
      state.dialog = .closeRound(reason: reason)
    case .reload:
      return [.loadDesk(open.folder, today: state.today)]
    case .back:
      state.leaveScreen()
    case _ where action.isMove:
      state.desk.rows.move(action, count: state.desk.desk?.units.count ?? 0, page: state.listPage - 4)
    default:
      break
    }
    return []
  }

  static func crumb(_ state: AppState) -> String? { state.strings.desk }

  static func columns(_ s: Strings) -> [(title: String, width: Int)] {
    [
      (s.unit, 0), (s.deskComplete, 6), (s.lastYear, 6), (s.deskDrafts, 6), (s.optedOutShort, 5),
      (s.under16Short, 4), (s.noServiceShort, 5), (s.outsideShort, 5), (s.warningsShort, 4), (s.errorsShort, 4),
      (s.deskSaved, 11),
    ]
  }

  static func cells(_ row: RoundDesk.Row, _ s: Strings) -> [String] {
    [
      row.name, "\(row.complete)", row.lastYearComplete.map(String.init) ?? "–", "\(row.drafts)",
      "\(row.notIncluded(.optedOut))", "\(row.notIncluded(.under16))", "\(row.notIncluded(.noMunicipalService))",
      "\(row.notIncluded(.outsideTargetGroup))", "\(row.openWarnings)", "\(row.openErrors)",
      row.lastSave.map { String($0.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ") } ?? "–",
    ]
  }

  /// One table row: the unit name takes what the numbers leave.
  static func line(_ cells: [String], _ s: Strings, width: Int) -> String {
    let columns = columns(s)
    let numbers = columns.dropFirst().reduce(0) { $0 + $1.width + 1 }
    let nameWidth = max(10, width - numbers - 3)
    var text = " " + DisplayWidth.pad(DisplayWidth.truncate(cells[0], to: nameWidth - 1), to: nameWidth)
    for (index, column) in columns.enumerated().dropFirst() {
      let cell = DisplayWidth.truncate(cells[index], to: column.width)
      let pad = String(repeating: " ", count: max(0, column.width - DisplayWidth.of(cell)))
      text += " " + (index == columns.count - 1 ? cell + pad : pad + cell)
    }
    return text
  }

  static func render(_ state: AppState, into buffer: inout ScreenBuffer) {
    let s = state.strings
    guard let desk = state.desk.desk else {
      buffer.write(" " + s.deskLoading, row: 2, column: 0, role: .disabled)
      return
    }
    buffer.write(" " + s.deskSummary(desk), row: 1, column: 0, role: desk.daysToDeadline < 0 ? .error : .disabled)
    buffer.write(line(columns(s).map(\.title), s, width: state.width), row: 2, column: 0, role: .heading)
    let page = max(1, state.listPage - 4)
    ScrollingList.draw(
      state.desk.rows, count: desk.units.count, page: page, firstRow: 3, width: state.width, into: &buffer
    ) { index, selected in
      let row = desk.units[index]
      let late = row.complete == 0 && desk.daysToDeadline <= 7
      return Line([(line(cells(row, s), s, width: state.width), selected ? .selected : (late ? .error : .normal))])
    }
    let bottom = 3 + min(page, desk.units.count)
    var total = desk.total
    total.name = s.total
    buffer.write(line(cells(total, s), s, width: state.width), row: bottom, column: 0, role: .heading)
    buffer.write(" " + s.deskFootnote(desk), row: bottom + 1, column: 0, role: .disabled, maxColumns: state.width - 1)
    if let reason = state.desk.reason {
      let label = " " + (desk.status == .closed ? s.reopenRound : s.closeRound) + ": "
      buffer.write(label, row: bottom + 3, column: 0, role: .heading)
      buffer.write(
        DisplayWidth.tail(reason + "_", to: state.width - DisplayWidth.of(label) - 1), row: bottom + 3,
        column: DisplayWidth.of(label), role: .selected)
    }
  }
}

extension AppState {
  /// Today in the coordinator's calendar (BRUKERPLAN_TODAY, when set, for rehearsals and tests).
  var today: ISODay { todayOverride ?? ISODay(Date(timeIntervalSinceReferenceDate: now)) }

  /// The deadline of the open round (15 December when round.json has none).
  var deadline: ISODay? {
    guard let round = open?.round else { return nil }
    return round.deadline.flatMap { ISODay($0) } ?? ISODay.defaultDeadline(year: round.year)
  }

  mutating func deskReady(_ desk: RoundDesk) {
    self.desk.desk = desk
    self.desk.rows.clamp(count: desk.units.count, page: max(1, listPage - 4))
    if screen != .desk { stack.append(.desk) }
  }
}

extension Strings {
  var desk: String { t("Oversikt", "Desk") }
  var deskOpen: String { t("Oversikt over enhetene", "The units' desk") }
  var deskLoading: String { t("Henter oversikten …", "Loading the desk …") }
  var deskReload: String { t("Oppdater", "Reload") }
  var deskComplete: String { t("Ferdig", "Done") }
  var deskDrafts: String { t("Utkast", "Draft") }
  var deskSaved: String { t("Sist lagret", "Last save") }
  var lastYear: String { t("I fjor", "Last y") }
  var optedOutShort: String { t("Res.", "Opt.") }
  var under16Short: String { t("<16", "<16") }
  var noServiceShort: String { t("U.tj", "NoSv") }
  var outsideShort: String { t("Utenf", "Outs") }
  var warningsShort: String { t("Adv.", "Warn") }
  var errorsShort: String { t("Feil", "Err") }
  var total: String { t("Totalt", "Total") }
  var closeRound: String { t("Lukk runden", "Close the round") }
  var reopenRound: String { t("Åpne runden igjen", "Reopen the round") }
  var deskReasonDone: String { t("Ferdig", "Done") }
  var closeReasonAsk: String {
    t("Skriv hvorfor runden lukkes (til loggen), Enter.", "Type why the round is closed (for the log), Enter.")
  }
  var reopenReasonAsk: String {
    t("Skriv hvorfor runden åpnes igjen (til loggen), Enter.", "Type why the round is reopened (for the log), Enter.")
  }
  var reasonRequired: String { t("Skriv en begrunnelse.", "Type a reason.") }

  func deskSummary(_ desk: RoundDesk) -> String {
    let days =
      desk.daysToDeadline > 0
      ? t("\(desk.daysToDeadline) dager igjen", "\(desk.daysToDeadline) days left")
      : desk.daysToDeadline == 0
        ? t("fristen er i dag", "the deadline is today")
        : t("fristen gikk ut for \(-desk.daysToDeadline) dager siden", "passed \(-desk.daysToDeadline) days ago")
    return "\(desk.status.label(language)) · \(deadline) \(desk.deadline) (\(days)) · \(desk.rules)"
  }

  func deskFootnote(_ desk: RoundDesk) -> String {
    var parts = [t("Reservasjonslisten: \(desk.optOutList)", "Opt-out list: \(desk.optOutList)")]
    parts.append(
      desk.previousRound.map { t("i fjor: \($0)", "last year: \($0)") } ?? t("ingen runde i fjor", "no round last year")
    )
    if desk.invalidFiles > 0 {
      parts.append(t("\(desk.invalidFiles) uleselige filer", "\(desk.invalidFiles) unreadable files"))
    }
    return parts.joined(separator: " · ")
  }
}
