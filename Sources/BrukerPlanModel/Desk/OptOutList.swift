import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The round's opt-outs, `<round>/optouts.json`: the persons who said no to the mapping, so that
/// every unit of the round honours a no given to one of them. It holds the pseudonym and the day
/// and nothing else (no unit, no name, no reason); it is deleted when the round is closed.
public struct OptOutList: Codable, Hashable, Sendable {
  public static let format = "brukerplan-optouts/1"
  public static let fileName = "optouts.json"

  public struct Entry: Codable, Hashable, Sendable {
    public var id: String
    public var date: String
  }

  public var format = OptOutList.format
  public var optOuts: [Entry] = []

  public init() {}

  public func entry(for id: String) -> Entry? { optOuts.first { $0.id == id } }
}

/// What registering an opt-out did.
public struct OptOutOutcome: Hashable, Sendable {
  /// The day it was first registered (an earlier day if it was already on the list).
  public var date: String
  public var alreadyListed: Bool
  /// The unit of a survey of this person that was in the round and has been deleted.
  public var deletedSurveyUnit: String?
}

extension RoundFolder {
  public var optOutFile: String { "\(path)/\(OptOutList.fileName)" }

  /// The opt-out list; empty when there is none (a new round, or a closed one).
  public func optOuts() throws(FileProblem) -> OptOutList {
    guard FileSystem.exists(optOutFile) else { return OptOutList() }
    do {
      let bytes = try FileSystem.readFile(optOutFile, limit: 64 << 20)
      let list = try JSONDecoder().decode(OptOutList.self, from: Data(bytes))
      guard list.format == OptOutList.format else {
        throw FileProblem(path: optOutFile, problems: [FieldProblem("format", "must be \"\(OptOutList.format)\"")])
      }
      return list
    } catch let problem as FileProblem {
      throw problem
    } catch {
      throw FileProblem(path: optOutFile, "could not be read as an opt-out list (\(error))")
    }
  }

  /// Registers that person `id` opted out on `day`. A survey of the person already in the round
  /// (made by any unit) is deleted, because an opt-out means nothing about the person is kept.
  /// Refused when the round is closed.
  public func registerOptOut(_ id: String, on day: ISODay) throws -> OptOutOutcome {
    guard SurveyID.isValid(id), id.hasPrefix("p") else {
      throw FileProblem(path: optOutFile, problems: [FieldProblem("id", "only a pseudonym (p…) can be opted out")])
    }
    return try withLock {
      let round = try loadRound()
      guard round.status == .open else { throw StoreError.closedRound(path: optOutFile) }
      var list = try optOuts()
      if let entry = list.entry(for: id) {
        return OptOutOutcome(date: entry.date, alreadyListed: true, deletedSurveyUnit: nil)
      }
      list.optOuts.append(.init(id: id, date: day.description))
      try FileSystem.writeAtomically(Self.encode(list), to: optOutFile)
      var deletedUnit: String?
      let surveyPath = try surveyFile(id)
      if FileSystem.exists(surveyPath) {
        let current = try? JSONDecoder().decode(
          Survey.self, from: Data(FileSystem.readFile(surveyPath, limit: Self.maximumSurveyBytes)))
        // The log is opened first: a deletion that cannot be audited is not made.
        let writer = try audit.openWriter()
        guard unlink(surveyPath) == 0 else {
          throw FileSystem.Failure(path: surveyPath, reason: "could not be deleted (\(FileSystem.errnoText()))")
        }
        FileSystem.syncFolder(surveysPath)
        removeRecoveryCopy(id)
        try writer.append([AuditLog.Event(action: "delete-opt-out", id: id, revision: current?.revision ?? 0)])
        deletedUnit = current?.unit ?? "?"
      }
      return OptOutOutcome(date: day.description, alreadyListed: false, deletedSurveyUnit: deletedUnit)
    }
  }

  /// The day person `id` opted out of this round, if they did. Read under the caller's lock.
  func optOutDay(of id: String) -> String? {
    (try? optOuts())?.entry(for: id)?.date
  }

  /// The UI's unsaved copy of a survey is personal data too.
  private func removeRecoveryCopy(_ id: String) {
    let copy = "\(path)/.recovery/\(id).json"
    if FileSystem.exists(copy) { unlink(copy) }
  }
}
