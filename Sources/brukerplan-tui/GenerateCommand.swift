import ArgumentParser
import BrukerPlanModel
import Foundation

/// `generate --out STORE`: synthetic rounds for demos, tests and benchmarks.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write a store of realistic synthetic rounds, the same for the same seed.",
    discussion: """
      Scores are correlated through each person's severity; ROP persons are mostly red or yellow, \
      mentalOnly persons mostly green on substance use; most persons are mapped again the next \
      year with plausible change, some leave and new ones come; about 1.5 % are drafts. Ids are \
      pseudonyms of synthetic identity numbers (never stored). A new store gets a random key, so \
      no two stores share one; --key-from-seed derives it from the seed instead (the same ids for \
      the same seed, for tests: anyone who knows the seed can make its pseudonyms). Each year \
      becomes a round folder named by the year, written whole or not at all.
      --sample fonna-2006 writes the Helse Fonna 2006 sample instead (669 persons matching the \
      published tables 70-73); the other options are then ignored.
      """
  )

  @Option(help: "The store folder to write (created if missing; the round folders must not exist).")
  var out: String

  @Option(help: "Persons per round.")
  var persons = 400

  @Option(help: "Comma-separated years, one round each.")
  var years = "2023,2024,2025"

  @Option(help: "The seed; the same seed gives the same files.")
  var seed: UInt64 = 1

  @Option(help: "The municipality code.")
  var municipality = "9901"

  @Option(help: "The municipality name.")
  var name = "Fjordvik"

  @Option(help: "Residents in all (default: about 95 per person mapped).")
  var populationTotal: Int?

  @Flag(help: "Derive a new store's key from the seed (reproducible ids; never for real data).")
  var keyFromSeed = false

  @Option(help: "Write a named sample instead: fonna-2006.")
  var sample: String?

  func parsedYears() throws -> [Int] {
    let parts = years.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap { Int($0) }
    guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ (1990...2200).contains($0) }) else {
      throw ValidationError("--years must be years between 1990 and 2200 separated by commas, such as 2023,2024,2025")
    }
    guard Set(values).count == values.count else { throw ValidationError("--years lists a year twice") }
    return values
  }

  func validate() throws {
    _ = try parsedYears()
    guard (1...1_000_000).contains(persons) else { throw ValidationError("--persons must be between 1 and 1000000") }
    if let sample, sample != "fonna-2006" {
      throw ValidationError("--sample: unknown sample \"\(sample)\" (known: fonna-2006)")
    }
  }

  func run() throws {
    let started = Date()
    do {
      if sample != nil {
        let folder = try FonnaSample.generateStore(at: out)
        print("Wrote \(FonnaSample.persons) persons to \(folder.path)")
        return
      }
      var options = SyntheticGenerator.Options()
      options.municipality = .init(code: municipality, name: name)
      options.populationTotal = populationTotal
      let generator = SyntheticGenerator(seed: seed, options: options)
      let folders = try generator.generateStore(
        at: out, persons: persons, years: try parsedYears(), keyFromSeed: keyFromSeed)
      let seconds = Date().timeIntervalSince(started)
      print(
        "Wrote \(folders.count) round\(folders.count == 1 ? "" : "s") of \(persons) persons to \(out) in \(String(format: "%.1f", seconds)) s"
      )
    } catch {
      throw failure(["\(error)"])
    }
  }
}
