import BrukerPlanModel
import Foundation
import NIOConcurrencyHelpers

/// The store of a `serve` process, through its Unix socket. The server decides what this OS
/// user may see; this side only sends requests and reads answers. A server that was restarted
/// is reconnected to before the next request; a server that goes away in the middle of one is
/// reported plainly, and nothing is retried that might have been done already.
public final class RemoteStoreService: StoreService, Sendable {
  public let socketPath: String
  private let connection: NIOLockedValueBox<SocketConnection>

  public init(socketPath: String) {
    self.socketPath = socketPath
    connection = NIOLockedValueBox(SocketConnection(path: socketPath))
  }

  func call(_ request: WireRequest) throws(StoreError) -> WireReply {
    let payload = WireCoding.encode(WireEnvelope(request))
    let outcome: Result<Data, StoreError> = connection.withLockedValue { connection in
      do throws(StoreError) {
        if !connection.isOpen || connection.peerHasClosed { try connection.connect() }
        guard connection.send(payload), let answer = connection.receive() else {
          connection.close()
          return .failure(.unavailable(Self.lostMessage(socketPath, request)))
        }
        return .success(answer)
      } catch {
        return .failure(error)
      }
    }
    let answer = try outcome.get()
    let reply: WireEnvelope<WireReply>
    do {
      reply = try JSONDecoder().decode(WireEnvelope<WireReply>.self, from: answer)
    } catch {
      throw .unavailable("\(socketPath): the server's answer could not be read (\(error))")
    }
    if case .failure(let error) = reply.body { throw error.storeError }
    return reply.body
  }

  static func lostMessage(_ path: String, _ request: WireRequest) -> String {
    switch request {
    case .save, .delete, .saveRecovery, .changeAccess, .createRound, .setRoundStatus, .notIncluded:
      "the brukerplan server (\(path)) stopped before confirming this change; it may or may not have been stored. What you typed is still here: try again when the server is back"
    default: "the brukerplan server (\(path)) stopped before answering; try again when it is back"
    }
  }

  static let unexpected = StoreError.unavailable("the server answered a different question; is it the same version?")

  public func whoAmI() throws(StoreError) -> Principal {
    guard case .principal(let value) = try call(.whoAmI) else { throw Self.unexpected }
    return value
  }

  public func listRounds() throws(StoreError) -> [RoundListing] {
    guard case .rounds(let value) = try call(.listRounds) else { throw Self.unexpected }
    return value
  }

  public func createRound(_ round: Round, folderName: String) throws(StoreError) -> String {
    guard case .created(let value) = try call(.createRound(round, folderName: folderName)) else {
      throw Self.unexpected
    }
    return value
  }

  public func openRound(_ name: String) throws(StoreError) -> RoundContents {
    guard case .round(let value) = try call(.openRound(name)) else { throw Self.unexpected }
    return value
  }

  public func openSurvey(_ id: String, round: String) throws(StoreError) -> OpenedSurvey {
    guard case .opened(let value) = try call(.openSurvey(id: id, round: round)) else { throw Self.unexpected }
    return value
  }

  public func enterSurvey(_ id: String, round: String) throws(StoreError) -> [Editor] {
    guard case .editors(let value) = try call(.enterSurvey(id: id, round: round)) else { throw Self.unexpected }
    return value
  }

  public func leaveSurvey(_ id: String, round: String) {
    _ = try? call(.leaveSurvey(id: id, round: round))
  }

  public func survey(_ id: String, round: String) throws(StoreError) -> Survey {
    guard case .survey(let value) = try call(.survey(id: id, round: round)) else { throw Self.unexpected }
    return value
  }

  public func identify(_ number: NationalIdentityNumber, round: String) throws(StoreError) -> Identification {
    guard case .identification(let value) = try call(.identify(number, round: round)) else {
      throw Self.unexpected
    }
    return value
  }

  public func countNotIncluded(
    round: String, unit: String, reason: ExclusionReason, number: NationalIdentityNumber?, today: ISODay
  ) throws(StoreError) -> ExclusionOutcome {
    let request = WireRequest.exclusion(round: round, unit: unit, reason: reason, number: number, today: today)
    guard case .excluded(let value) = try call(request) else { throw Self.unexpected }
    return value
  }

  public func save(_ survey: Survey, baseRevision: Int?, round: String) throws(StoreError) -> Survey {
    guard case .survey(let value) = try call(.save(survey, baseRevision: baseRevision, round: round)) else {
      throw Self.unexpected
    }
    return value
  }

  public func delete(_ id: String, baseRevision: Int?, round: String) throws(StoreError) {
    _ = try call(.delete(id: id, baseRevision: baseRevision, round: round))
  }

  public func saveRecovery(_ survey: Survey, round: String) throws(StoreError) {
    _ = try call(.saveRecovery(survey, round: round))
  }

  public func removeRecovery(_ id: String, round: String) throws(StoreError) {
    _ = try call(.removeRecovery(id: id, round: round))
  }

  public func report(rounds: [String], by: BreakdownKey?, minCell: Int, skipInvalid: Bool) throws(StoreError)
    -> PublishedReport
  {
    guard
      case .report(let value) = try call(.report(rounds: rounds, by: by, minCell: minCell, skipInvalid: skipInvalid))
    else { throw Self.unexpected }
    return value
  }

  public func comparison(_ a: String, _ b: String) throws(StoreError) -> PublishedComparison {
    guard case .comparison(let value) = try call(.comparison(a: a, b: b)) else { throw Self.unexpected }
    return value
  }

  public func desk(round: String, today: ISODay) throws(StoreError) -> RoundDesk {
    guard case .desk(let value) = try call(.desk(round: round, today: today.description)) else {
      throw Self.unexpected
    }
    return value
  }

  public func setRoundStatus(round: String, close: Bool, reason: String) throws(StoreError) {
    guard case .done = try call(.setRoundStatus(round: round, close: close, reason: reason)) else {
      throw Self.unexpected
    }
  }

  public func exportCSV(round: String) throws(StoreError) -> ExportedCSV {
    guard case .csv(let value) = try call(.export(round: round)) else { throw Self.unexpected }
    return value
  }

  public func audit(round: String, user: String?, survey: String?) throws(StoreError) -> [AuditLog.Entry] {
    guard case .audit(let value) = try call(.audit(round: round, user: user, survey: survey)) else {
      throw Self.unexpected
    }
    return value
  }

  public func accessList() throws(StoreError) -> AccessFile {
    guard case .access(let value) = try call(.accessList) else { throw Self.unexpected }
    return value
  }

  public func changeAccess(_ change: AccessChange) throws(StoreError) -> AccessFile {
    guard case .access(let value) = try call(.changeAccess(change)) else { throw Self.unexpected }
    return value
  }
}
