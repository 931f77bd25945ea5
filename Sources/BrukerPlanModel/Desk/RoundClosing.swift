import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Closing and reopening a round. A closed round is read-only for every writer (the store
/// checks the status on disk under the round's lock), its opt-out list is deleted, and both
/// steps are written to the audit log with the coordinator's reason.
extension RoundFolder {
  public enum ClosingError: Error, CustomStringConvertible, Sendable {
    case alreadyClosed(path: String)
    case alreadyOpen(path: String)
    case reasonRequired

    public var description: String {
      switch self {
      case .alreadyClosed(let path): "\(path): the round is already closed"
      case .alreadyOpen(let path): "\(path): the round is open; there is nothing to reopen"
      case .reasonRequired: "a reason is required (--reason TEXT): it goes to the audit log"
      }
    }
  }

  /// The longest reason kept in the audit log.
  static let maximumReasonLength = 500

  /// `user`: who asked, when a server closes the round for a client (nil: this process's OS user).
  public func closeRound(reason: String?, now: Date = Date(), user: String? = nil) throws {
    try changeStatus(to: .closed, reason: reason, now: now, user: user)
  }

  public func reopenRound(reason: String, now: Date = Date(), user: String? = nil) throws {
    let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw ClosingError.reasonRequired }
    try changeStatus(to: .open, reason: trimmed, now: now, user: user)
  }

  private func changeStatus(to status: RoundStatus, reason: String?, now: Date, user: String?) throws {
    try withLock {
      var round = try loadRound()
      guard round.status != status else {
        throw status == .closed ? ClosingError.alreadyClosed(path: path) : ClosingError.alreadyOpen(path: path)
      }
      round.status = status
      let text = reason.map {
        String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.maximumReasonLength))
      }
      let event = AuditLog.Event(
        action: status == .closed ? "close-round" : "reopen-round", id: name, revision: 0, user: user,
        reason: text?.isEmpty == true ? nil : text)
      // The log is opened first: a change of status that cannot be audited is not made.
      let writer = try audit.openWriter()
      let line = try writer.prepare([event], time: now)
      try FileSystem.writeAtomically(Self.encode(round), to: roundFile)
      try writer.commit(line)
      if status == .closed, FileSystem.exists(optOutFile) {
        guard unlink(optOutFile) == 0 else {
          throw FileSystem.Failure(path: optOutFile, reason: "could not be deleted (\(FileSystem.errnoText()))")
        }
        FileSystem.syncFolder(path)
      }
    }
  }

  /// The round's status as it is on disk now; a save checks it under the lock, so a round closed
  /// while a form was open still refuses the save.
  func statusOnDisk() -> RoundStatus? {
    struct StatusOnly: Decodable { var status: RoundStatus }
    guard let bytes = try? FileSystem.readFile(roundFile, limit: Self.maximumRoundBytes) else { return nil }
    return (try? JSONDecoder().decode(StatusOnly.self, from: Data(bytes)))?.status
  }
}
