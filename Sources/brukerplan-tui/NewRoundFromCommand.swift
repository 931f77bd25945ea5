import ArgumentParser
import BrukerPlanModel
import Foundation

/// The options of `new-round --from ROUND_DIR`: next year's round from last year's.
struct SuccessionOptions: ParsableArguments {
  @Option(help: "Last year's round folder: municipality, catalogue and units (same ids) are taken from it.")
  var from: String?

  @Option(name: .customLong("add-unit"), help: "With --from: a new unit as ID:KIND:NAME; repeat for more.")
  var addedUnits: [String] = []

  @Option(name: .customLong("rename-unit"), help: "With --from: a new name for a unit as ID:NAME (the id stays).")
  var renamedUnits: [String] = []

  @Option(name: .customLong("retire-unit"), help: "With --from: a unit id that does not register this year.")
  var retiredUnits: [String] = []

  @Flag(name: .customLong("same-population"), help: "With --from: keep last year's population figures.")
  var samePopulation = false

  func refuseWithoutFrom() throws {
    if !addedUnits.isEmpty || !renamedUnits.isEmpty || !retiredUnits.isEmpty || samePopulation {
      throw ValidationError("--add-unit, --rename-unit, --retire-unit and --same-population need --from ROUND_DIR")
    }
  }

  func renames() throws -> [String: String] {
    var result: [String: String] = [:]
    for text in renamedUnits {
      let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
        throw ValidationError("--rename-unit \"\(text)\" must be ID:NAME, for example rus:\"Rus og psykisk helse\"")
      }
      result[parts[0]] = parts[1]
    }
    return result
  }
}

extension NewRoundCommand {
  func validateSuccession() throws {
    if municipality != nil || name != nil || !units.isEmpty {
      throw ValidationError(
        "with --from, the municipality and units come from last year's round: use --add-unit, --rename-unit and --retire-unit instead of --municipality, --name and --unit"
      )
    }
    _ = try succession.renames()
    _ = try succession.addedUnits.map { try Round.Unit(option: "--add-unit", $0) }
    if samePopulationConflicts { throw ValidationError("--same-population cannot be combined with --population-*") }
  }

  private var samePopulationConflicts: Bool { succession.samePopulation && givenPopulation != nil }

  func runSuccession() throws {
    let fromFolder = RoundFolder(path: succession.from ?? "")
    let previous: Round
    do {
      previous = try fromFolder.loadRound()
    } catch {
      throw failure(["--from: \(error)"])
    }
    var plan = RoundSuccession(previous: previous, year: year)
    if let deadline {
      guard let day = ISODay(deadline), deadline.count == 10 else {
        throw ValidationError("--deadline must be a date as YYYY-MM-DD, found \"\(deadline.prefix(40))\"")
      }
      plan.deadline = day
    }
    plan.population = try population(lastYear: previous.population)
    plan.addedUnits = try succession.addedUnits.map { try Round.Unit(option: "--add-unit", $0) }
    plan.renamedUnits = try succession.renames()
    plan.retiredUnits = Set(succession.retiredUnits)
    let problems = plan.problems()
    guard problems.isEmpty else {
      throw ValidationError(problems.map { "\($0.field): \($0.message)" }.joined(separator: "\n"))
    }
    do {
      let store = try Store.open(self.store ?? fromFolder.storePath, create: self.store != nil)
      let created = try store.createRound(plan, folderName: folder)
      let round = try plan.makeRound()
      print("Created round \(round.municipality.name) \(round.year) in \(created.path) from \(fromFolder.path)")
      print("Deadline \(plan.deadline); units: \(round.units.map { "\($0.id) (\($0.name))" }.joined(separator: ", "))")
      for note in PopulationNote.changes(from: previous.population, to: round.population) { print(note) }
    } catch {
      throw failure(["\(error)"])
    }
  }

  /// The new round's population: given as options (those given, the rest left out), kept with
  /// --same-population, or asked for on the terminal with last year's figures shown (Enter keeps one).
  func population(lastYear: Round.Population?) throws -> Round.Population? {
    if succession.samePopulation {
      return lastYear.map { .init(total: $0.total, age16plus: $0.age16plus, age18plus: $0.age18plus) }
    }
    if let givenPopulation { return givenPopulation }
    let questions: [(option: String, label: String, last: Int?)] = [
      ("--population-total", "Residents in all", lastYear?.total),
      ("--population-16", "Residents aged 16 or over", lastYear?.age16plus),
      ("--population-18", "Residents aged 18 or over", lastYear?.age18plus),
    ]
    guard isatty(STDIN_FILENO) == 1 else {
      let shown = questions.map { "\($0.option) (last year: \($0.last.map(String.init) ?? "none"))" }
      throw ValidationError(
        "the population is needed for prevalence: give \(shown.joined(separator: ", ")), or --same-population to keep last year's"
      )
    }
    let figures = try questions.map { try ask($0.label, lastYear: $0.last) }
    if figures.allSatisfy({ $0 == nil }) { return nil }
    return Round.Population(total: figures[0], age16plus: figures[1], age18plus: figures[2])
  }

  private func ask(_ label: String, lastYear: Int?) throws -> Int? {
    while true {
      FileHandle.standardError.write(
        Data("\(label) (last year: \(lastYear.map(String.init) ?? "none"); Enter keeps it): ".utf8))
      guard let line = readLine() else { throw ExitCode(2) }
      let text = line.replacingOccurrences(of: " ", with: "").trimmingCharacters(in: .whitespaces)
      if text.isEmpty { return lastYear }
      if let value = Int(text), value > 0 { return value }
      standardError("\"\(line)\" is not a positive whole number.")
    }
  }
}

/// Plain notes on figures that moved much from last year: a typing slip is likelier than a
/// municipality that grew by a fifth in a year.
enum PopulationNote {
  static func changes(from last: Round.Population?, to new: Round.Population?) -> [String] {
    let pairs = [
      ("total", last?.total, new?.total), ("age16plus", last?.age16plus, new?.age16plus),
      ("age18plus", last?.age18plus, new?.age18plus),
    ]
    return pairs.compactMap { key, before, after in
      guard let before, let after, before > 0 else { return nil }
      let change = Double(after - before) / Double(before) * 100
      guard abs(change) >= 10 else { return nil }
      return
        "Note: population.\(key) is \(after), \(String(format: "%+.0f", change)) % from last year's \(before); check it."
    }
  }
}
