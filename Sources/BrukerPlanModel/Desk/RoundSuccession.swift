import Foundation

/// Next year's round made from last year's: the same municipality, catalogue and units (with the
/// same ids, so reports over both years join on them), with changes to the units stated
/// explicitly. Year, deadline and population are always the new round's own.
public struct RoundSuccession: Sendable {
  public var previous: Round
  public var year: Int
  public var deadline: ISODay
  public var population: Round.Population?
  public var addedUnits: [Round.Unit] = []
  /// unit id → new name
  public var renamedUnits: [String: String] = [:]
  public var retiredUnits: Set<String> = []

  public init(previous: Round, year: Int? = nil, deadline: ISODay? = nil, population: Round.Population? = nil) {
    self.previous = previous
    let year = year ?? previous.year + 1
    self.year = year
    self.deadline = deadline ?? ISODay.defaultDeadline(year: year)
    self.population = population
  }

  /// Every reason the new round cannot be made as asked, each naming what is wrong.
  public func problems() -> [FieldProblem] {
    var problems: [FieldProblem] = []
    if year <= previous.year {
      problems.append(FieldProblem("year", "\(year) is not after last year's round (\(previous.year))"))
    }
    let known = Set(previous.units.map(\.id))
    let list = previous.units.map(\.id).joined(separator: ", ")
    for id in renamedUnits.keys.sorted() where !known.contains(id) {
      problems.append(FieldProblem("units", "cannot rename \"\(id.prefix(40))\": last year's units are \(list)"))
    }
    for id in retiredUnits.sorted() where !known.contains(id) {
      problems.append(FieldProblem("units", "cannot retire \"\(id.prefix(40))\": last year's units are \(list)"))
    }
    for id in renamedUnits.keys.sorted() where retiredUnits.contains(id) {
      problems.append(FieldProblem("units", "\"\(id.prefix(40))\" is both renamed and retired"))
    }
    for unit in addedUnits where known.contains(unit.id) && !retiredUnits.contains(unit.id) {
      problems.append(
        FieldProblem(
          "units",
          "\"\(unit.id.prefix(40))\" is already a unit (\(previous.unit(unit.id)?.name ?? "")); rename it instead"))
    }
    if year > previous.year, let new = try? makeRound() {
      problems += new.validate()
    }
    return problems
  }

  /// The new round, open, with last year's catalogue and units as changed.
  public func makeRound() throws(FileProblem) -> Round {
    var units = previous.units.filter { !retiredUnits.contains($0.id) }
    for index in units.indices {
      if let name = renamedUnits[units[index].id] { units[index].name = name }
    }
    units += addedUnits
    var round = Round(
      municipality: previous.municipality, year: year, population: population, deadline: deadline.description,
      status: .open, units: units, services: previous.services)
    round.extra = previous.extra
    return round
  }
}

extension Store {
  /// The round folders of this store that hold a round of `code` in `year`.
  public func rounds(municipality code: String, year: Int) -> [RoundFolder] {
    ((try? roundFolders()) ?? []).filter { folder in
      guard let round = try? folder.loadRound() else { return false }
      return round.municipality.code == code && round.year == year
    }
  }

  /// Creates the round `succession` describes, refusing when the store already has that
  /// municipality's round of that year.
  public func createRound(_ succession: RoundSuccession, folderName: String? = nil) throws -> RoundFolder {
    let problems = succession.problems()
    guard problems.isEmpty else { throw FileProblem(path: "round.json", problems: problems) }
    let round = try succession.makeRound()
    if let existing = rounds(municipality: round.municipality.code, year: round.year).first {
      throw FileSystem.Failure(
        path: existing.path, reason: "already holds \(round.municipality.name)'s round of \(round.year)")
    }
    return try createRound(round, folderName: folderName)
  }
}
