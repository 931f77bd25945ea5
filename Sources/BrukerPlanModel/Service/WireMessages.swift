import Foundation

/// The messages of `serve` (docs/server.md): each frame is a 4-byte big-endian length
/// and one JSON `WireEnvelope`. The client sends one request and waits for its reply.
public enum WireProtocol {
  /// Raised when a message changes incompatibly; a server answers another version with an error.
  /// 2: a round's list is summaries (`SurveySummary`); `openSurvey` replaces `noteOpened`.
  public static let version = 2
}

public struct WireEnvelope<Body: Codable & Sendable>: Codable, Sendable {
  public var version: Int
  public var body: Body

  public init(_ body: Body, version: Int = WireProtocol.version) {
    self.version = version
    self.body = body
  }
}

/// One call of `StoreService`, as sent over the socket.
public enum WireRequest: Codable, Sendable {
  case whoAmI
  case listRounds
  case createRound(Round, folderName: String)
  case openRound(String)
  /// The survey for its form, audited and marked as open, in one round trip.
  case openSurvey(id: String, round: String)
  case enterSurvey(id: String, round: String)
  case leaveSurvey(id: String, round: String)
  case survey(id: String, round: String)
  /// The typed digits: validated and turned into a pseudonym by the server, then forgotten.
  case identify(number: String, round: String)
  /// A person left out at the inclusion check; for an opt-out the typed digits, turned into the
  /// pseudonym by the server and forgotten. `today` as YYYY-MM-DD.
  case notIncluded(round: String, unit: String, reason: ExclusionReason, number: String?, today: String)
  case save(Survey, baseRevision: Int?, round: String)
  case delete(id: String, baseRevision: Int?, round: String)
  case saveRecovery(Survey, round: String)
  case removeRecovery(id: String, round: String)
  case report(rounds: [String], by: BreakdownKey?, minCell: Int, skipInvalid: Bool)
  case comparison(a: String, b: String)
  case export(round: String)
  /// The day as YYYY-MM-DD: the client's "today" (BRUKERPLAN_TODAY in tests).
  case desk(round: String, today: String)
  case setRoundStatus(round: String, close: Bool, reason: String)
  case audit(round: String, user: String?, survey: String?)
  case accessList
  case changeAccess(AccessChange)

  /// The request for `identify`; only this module sees a number's digits.
  public static func identify(_ number: NationalIdentityNumber, round: String) -> WireRequest {
    .identify(number: digits(number), round: round)
  }

  /// The request for `countNotIncluded`.
  public static func exclusion(
    round: String, unit: String, reason: ExclusionReason, number: NationalIdentityNumber?, today: ISODay
  ) -> WireRequest {
    .notIncluded(round: round, unit: unit, reason: reason, number: number.map(digits), today: today.description)
  }

  static func digits(_ number: NationalIdentityNumber) -> String {
    String(decoding: number.digits.map { $0 + 48 }, as: UTF8.self)
  }

  /// The typed digits as a number, or the plain reason they are not one.
  static func number(_ text: String, round: String) throws(StoreError) -> NationalIdentityNumber {
    do {
      return try NationalIdentityNumber(text)
    } catch {
      throw StoreError.invalid(path: round, problems: [FieldProblem("number", error.description)])
    }
  }

  /// The action named in a server's log of refused requests (never with its arguments).
  public var name: String {
    switch self {
    case .whoAmI: "whoAmI"
    case .listRounds: "listRounds"
    case .createRound: "createRound"
    case .openRound: "openRound"
    case .openSurvey: "openSurvey"
    case .enterSurvey: "enterSurvey"
    case .leaveSurvey: "leaveSurvey"
    case .survey: "survey"
    case .identify: "identify"
    case .notIncluded: "notIncluded"
    case .save: "save"
    case .delete: "delete"
    case .saveRecovery: "saveRecovery"
    case .removeRecovery: "removeRecovery"
    case .report: "report"
    case .comparison: "comparison"
    case .export: "export"
    case .desk: "desk"
    case .setRoundStatus: "setRoundStatus"
    case .audit: "audit"
    case .accessList: "accessList"
    case .changeAccess: "changeAccess"
    }
  }

  /// Runs the request on `service` (the server's guarded store) and wraps the answer.
  public func perform(on service: any StoreService) -> WireReply {
    do throws(StoreError) {
      switch self {
      case .whoAmI: return .principal(try service.whoAmI())
      case .listRounds: return .rounds(try service.listRounds())
      case .createRound(let round, let folderName):
        return .created(try service.createRound(round, folderName: folderName))
      case .openRound(let name): return .round(try service.openRound(name))
      case .openSurvey(let id, let round): return .opened(try service.openSurvey(id, round: round))
      case .enterSurvey(let id, let round): return .editors(try service.enterSurvey(id, round: round))
      case .leaveSurvey(let id, let round):
        service.leaveSurvey(id, round: round)
        return .done
      case .survey(let id, let round): return .survey(try service.survey(id, round: round))
      case .identify(let text, let round):
        return .identification(try service.identify(try Self.number(text, round: round), round: round))
      case .notIncluded(let round, let unit, let reason, let text, let day):
        guard let today = ISODay(day) else {
          throw StoreError.invalid(path: round, problems: [FieldProblem("today", "is not a date (YYYY-MM-DD)")])
        }
        var number: NationalIdentityNumber?
        if let text { number = try Self.number(text, round: round) }
        return .excluded(
          try service.countNotIncluded(round: round, unit: unit, reason: reason, number: number, today: today))
      case .save(let survey, let base, let round):
        return .survey(try service.save(survey, baseRevision: base, round: round))
      case .delete(let id, let base, let round):
        try service.delete(id, baseRevision: base, round: round)
        return .done
      case .saveRecovery(let survey, let round):
        try service.saveRecovery(survey, round: round)
        return .done
      case .removeRecovery(let id, let round):
        try service.removeRecovery(id, round: round)
        return .done
      case .report(let rounds, let by, let minCell, let skipInvalid):
        return .report(try service.report(rounds: rounds, by: by, minCell: minCell, skipInvalid: skipInvalid))
      case .comparison(let a, let b): return .comparison(try service.comparison(a, b))
      case .export(let round): return .csv(try service.exportCSV(round: round))
      case .desk(let round, let text):
        guard let today = ISODay(text) else {
          throw StoreError.invalid(path: round, problems: [FieldProblem("today", "is not a date (YYYY-MM-DD)")])
        }
        return .desk(try service.desk(round: round, today: today))
      case .setRoundStatus(let round, let close, let reason):
        try service.setRoundStatus(round: round, close: close, reason: reason)
        return .done
      case .audit(let round, let user, let survey):
        return .audit(try service.audit(round: round, user: user, survey: survey))
      case .accessList: return .access(try service.accessList())
      case .changeAccess(let change): return .access(try service.changeAccess(change))
      }
    } catch {
      return .failure(WireError(error))
    }
  }
}

/// The answer to one request.
public enum WireReply: Codable, Sendable {
  case principal(Principal)
  case rounds([RoundListing])
  case created(String)
  case round(RoundContents)
  case done
  case survey(Survey)
  case opened(OpenedSurvey)
  case identification(Identification)
  case excluded(ExclusionOutcome)
  case report(PublishedReport)
  case comparison(PublishedComparison)
  case csv(ExportedCSV)
  case desk(RoundDesk)
  case editors([Editor])
  case audit([AuditLog.Entry])
  case access(AccessFile)
  case failure(WireError)
}

/// A `StoreError` as it crosses the socket.
public struct WireError: Codable, Hashable, Sendable {
  public var kind: String
  public var path: String = ""
  public var message: String = ""
  public var problems: [[String]] = []
  public var current: Survey?

  public init(kind: String, message: String) {
    self.kind = kind
    self.message = message
  }

  public init(_ error: StoreError) {
    switch error {
    case .conflict(let current):
      kind = "conflict"
      self.current = current
    case .alreadyExists(let current):
      kind = "alreadyExists"
      self.current = current
    case .closedRound(let path):
      kind = "closedRound"
      self.path = path
    case .optedOut(let id, let date):
      kind = "optedOut"
      path = id
      message = date
    case .invalid(let path, let problems):
      kind = "invalid"
      self.path = path
      self.problems = problems.map { [$0.field, $0.message] }
    case .notFound(let path):
      kind = "notFound"
      self.path = path
    case .file(let failure):
      kind = "file"
      path = failure.path
      message = failure.reason
    case .denied(let reason):
      kind = "denied"
      message = reason
    case .registeredElsewhere(let unit):
      kind = "registeredElsewhere"
      message = unit
    case .unavailable(let reason):
      kind = "unavailable"
      message = reason
    }
  }

  public var storeError: StoreError {
    switch kind {
    case "conflict" where current != nil: .conflict(current: current!)
    case "alreadyExists" where current != nil: .alreadyExists(current: current!)
    case "closedRound": .closedRound(path: path)
    case "optedOut": .optedOut(id: path, date: message)
    case "invalid": .invalid(path: path, problems: problems.map { FieldProblem($0.first ?? "", $0.last ?? "") })
    case "notFound": .notFound(path: path)
    case "file": .file(FileSystem.Failure(path: path, reason: message))
    case "denied": .denied(message)
    case "registeredElsewhere": .registeredElsewhere(unit: message)
    default: .unavailable("the server answered with an error this program does not know (\(kind)): \(message)")
    }
  }
}
