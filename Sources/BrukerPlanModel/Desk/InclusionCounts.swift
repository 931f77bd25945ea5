import Foundation

/// Why a person was not mapped, as the inclusion check found it.
public enum ExclusionReason: String, Vocabulary {
  case optedOut, under16, noMunicipalService, outsideTargetGroup

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.optedOut, .norwegian): "Reservert"
    case (.under16, .norwegian): "Under 16"
    case (.noMunicipalService, .norwegian): "Ingen kommunal tjeneste"
    case (.outsideTargetGroup, .norwegian): "Utenfor målgruppen"
    case (.optedOut, .english): "Opted out"
    case (.under16, .english): "Under 16"
    case (.noMunicipalService, .english): "No municipal service"
    case (.outsideTargetGroup, .english): "Outside the target group"
    }
  }
}

/// How many persons each unit's inclusion check left out, by reason: `<round>/inclusion.json`.
/// Counters only; nothing about the persons.
public struct InclusionCounts: Codable, Hashable, Sendable {
  public static let format = "brukerplan-inclusion/1"
  public static let fileName = "inclusion.json"

  public var format = InclusionCounts.format
  /// unit id → reason key → count
  public var units: [String: [String: Int]] = [:]

  public init() {}

  public func count(unit: String, _ reason: ExclusionReason) -> Int { units[unit]?[reason.rawValue] ?? 0 }

  public func total(_ reason: ExclusionReason) -> Int { units.values.reduce(0) { $0 + ($1[reason.rawValue] ?? 0) } }
}

extension RoundFolder {
  public var inclusionFile: String { "\(path)/\(InclusionCounts.fileName)" }

  public func inclusionCounts() throws(FileProblem) -> InclusionCounts {
    guard FileSystem.exists(inclusionFile) else { return InclusionCounts() }
    do {
      let bytes = try FileSystem.readFile(inclusionFile, limit: 4 << 20)
      let counts = try JSONDecoder().decode(InclusionCounts.self, from: Data(bytes))
      guard counts.format == InclusionCounts.format else {
        throw FileProblem(
          path: inclusionFile, problems: [FieldProblem("format", "must be \"\(InclusionCounts.format)\"")])
      }
      return counts
    } catch let problem as FileProblem {
      throw problem
    } catch {
      throw FileProblem(path: inclusionFile, "could not be read as inclusion counters (\(error))")
    }
  }

  /// Adds one to `unit`'s counter for `reason`. Refused in a closed round and for an unknown unit.
  public func countExclusion(unit: String, reason: ExclusionReason) throws {
    try withLock {
      let round = try loadRound()
      guard round.status == .open else { throw StoreError.closedRound(path: inclusionFile) }
      guard round.unit(unit) != nil else {
        let known = round.units.map(\.id).joined(separator: ", ")
        throw FileProblem(
          path: roundFile,
          problems: [FieldProblem("unit", "\"\(unit.prefix(40))\" is not a unit of this round (units: \(known))")])
      }
      var counts = try inclusionCounts()
      counts.units[unit, default: [:]][reason.rawValue, default: 0] += 1
      try FileSystem.writeAtomically(Self.encode(counts), to: inclusionFile)
    }
  }
}
