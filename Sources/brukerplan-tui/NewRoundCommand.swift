import ArgumentParser
import BrukerPlanModel

/// `new-round`: creates a round folder with its round.json in a store.
struct NewRoundCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new-round",
    abstract: "Create a new round (one municipality, one year) in a store.",
    discussion: """
      Creates <store>/<folder>/round.json and an empty surveys folder; the store and its key are \
      created on first use. Example:
        brukerplan-tui new-round --store data --municipality 1103 \\
          --name Stavanger --year 2025 --population-total 146000 \\
          --unit nav:nav:"NAV Stavanger" --unit rus:substance:Rustjenesten
      From last year's round (same municipality, catalogue and unit ids; year + 1, deadline \
      15 December; the population is asked for with last year's shown, or given as options):
        brukerplan-tui new-round --from data/2025-1103 --population-total 147000 \\
          --rename-unit rus:"Rus og psykisk helse" --retire-unit psyk --add-unit bolig:other:Boligkontoret
      """
  )

  @Option(help: "The store folder (a municipality's data, all years); with --from, that round's store.")
  var store: String?

  @Option(help: "The 4-digit kommunenummer, or another short code for a region.")
  var municipality: String?

  @Option(help: "The municipality's name.")
  var name: String?

  @Option(help: "The mapping year (with --from: last year's + 1).")
  var year: Int?

  @OptionGroup var succession: SuccessionOptions

  @Option(name: .customLong("population-total"), help: "Residents in all.")
  var populationTotal: Int?

  @Option(name: .customLong("population-16"), help: "Residents aged 16 or over.")
  var population16: Int?

  @Option(name: .customLong("population-18"), help: "Residents aged 18 or over.")
  var population18: Int?

  @Option(
    name: .customLong("unit"),
    help: ArgumentHelp(
      "A registering unit as ID:KIND:NAME; repeat for each unit. Default: nav:nav:NAV <name>.",
      discussion: "KIND is one of: \(UnitKind.allowedValues)."))
  var units: [String] = []

  @Option(help: "The deadline for the caseworkers, YYYY-MM-DD.")
  var deadline: String?

  @Option(help: "The round's folder name (default: <year>-<municipality>).")
  var folder: String?

  func parsedUnits() throws -> [Round.Unit] {
    if units.isEmpty { return [Round.Unit(id: "nav", name: "NAV \(name ?? "")", kind: .nav)] }
    return try units.map { try Round.Unit(option: "--unit", $0) }
  }

  var givenPopulation: Round.Population? {
    [populationTotal, population16, population18].allSatisfy { $0 == nil }
      ? nil : Round.Population(total: populationTotal, age16plus: population16, age18plus: population18)
  }

  func makeRound() throws -> Round {
    Round(
      municipality: .init(code: municipality ?? "", name: name ?? ""), year: year ?? 0, population: givenPopulation,
      deadline: deadline, units: try parsedUnits())
  }

  func validate() throws {
    if succession.from != nil {
      try validateSuccession()
      return
    }
    try succession.refuseWithoutFrom()
    let missing = [
      ("--store", store == nil), ("--municipality", municipality == nil), ("--name", name == nil),
      ("--year", year == nil),
    ]
    .filter(\.1).map(\.0)
    guard missing.isEmpty else {
      throw ValidationError(
        "missing \(missing.joined(separator: ", ")) (or give --from ROUND_DIR to start from last year's round)")
    }
    let options = [
      "municipality.code": "--municipality", "municipality.name": "--name", "year": "--year",
      "population.total": "--population-total", "population.age16plus": "--population-16",
      "population.age18plus": "--population-18", "deadline": "--deadline",
    ]
    let problems = try makeRound().newRoundProblems()
    if !problems.isEmpty {
      let lines = problems.map { problem in
        let option = options[problem.field] ?? (problem.field.hasPrefix("units") ? "--unit" : problem.field)
        return "\(option): \(problem.message)"
      }
      throw ValidationError(lines.joined(separator: "\n"))
    }
  }

  func run() throws {
    if succession.from != nil { return try runSuccession() }
    do {
      let store = try Store.open(self.store ?? "")
      let round = try makeRound()
      let created = try store.createRound(round, folderName: folder)
      print("Created round \(round.municipality.name) \(round.year) in \(created.path)")
    } catch {
      throw failure(["\(error)"])
    }
  }
}

extension Round.Unit {
  /// A unit from an option's ID:KIND:NAME.
  init(option: String, _ text: String) throws {
    let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 3, !parts[0].isEmpty, !parts[2].isEmpty else {
      throw ValidationError("\(option) \"\(text)\" must be ID:KIND:NAME, for example nav:nav:\"NAV Fjordvik\"")
    }
    guard let kind = UnitKind(rawValue: parts[1]) else {
      throw ValidationError("\(option) \"\(text)\": unknown kind \"\(parts[1])\" (allowed: \(UnitKind.allowedValues))")
    }
    self.init(id: parts[0], name: parts[2], kind: kind)
  }
}
