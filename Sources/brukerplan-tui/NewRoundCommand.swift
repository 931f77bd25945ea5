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
      """
  )

  @Option(help: "The store folder (a municipality's data, all years).")
  var store: String

  @Option(help: "The 4-digit kommunenummer, or another short code for a region.")
  var municipality: String

  @Option(help: "The municipality's name.")
  var name: String

  @Option(help: "The mapping year.")
  var year: Int

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
    if units.isEmpty { return [Round.Unit(id: "nav", name: "NAV \(name)", kind: .nav)] }
    return try units.map { text in
      let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 3, !parts[0].isEmpty, !parts[2].isEmpty else {
        throw ValidationError("--unit \"\(text)\" must be ID:KIND:NAME, for example nav:nav:\"NAV Fjordvik\"")
      }
      guard let kind = UnitKind(rawValue: parts[1]) else {
        throw ValidationError("--unit \"\(text)\": unknown kind \"\(parts[1])\" (allowed: \(UnitKind.allowedValues))")
      }
      return Round.Unit(id: parts[0], name: parts[2], kind: kind)
    }
  }

  func makeRound() throws -> Round {
    let population =
      [populationTotal, population16, population18].allSatisfy { $0 == nil }
      ? nil : Round.Population(total: populationTotal, age16plus: population16, age18plus: population18)
    return Round(
      municipality: .init(code: municipality, name: name), year: year, population: population, deadline: deadline,
      units: try parsedUnits())
  }

  func validate() throws {
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
    do {
      let store = try Store.open(self.store)
      let round = try makeRound()
      let created = try store.createRound(round, folderName: folder)
      print("Created round \(round.municipality.name) \(round.year) in \(created.path)")
    } catch {
      throw failure(["\(error)"])
    }
  }
}
