import ArgumentParser
import BrukerPlanModel
import Foundation

/// `survey list|show|save|delete|find`: one survey at a time from scripts, locally or served,
/// with the same checks, conflicts and audit as the terminal UI.
struct SurveyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "survey",
    abstract: "List, show, save, delete or find single surveys (for scripts; the UI does the same).",
    subcommands: [List.self, Show.self, Save.self, Delete.self, Find.self]
  )

  struct Round: ParsableArguments {
    @Argument(help: "The round folder (its folder name through --server).") var round: String
    @OptionGroup var choice: StoreChoice
  }

  static func run<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw failure(error)
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "One line per survey you may see: id, unit, status, revision.")
    @OptionGroup var target: Round

    func run() throws {
      let (service, name) = try target.choice.open(round: target.round)
      let contents = try SurveyCommand.run { () throws(StoreError) in try service.openRound(name) }
      for survey in contents.surveys.sorted(by: { $0.id < $1.id }) {
        print([survey.id, survey.unit ?? "-", survey.status.rawValue, String(survey.revision)].joined(separator: "\t"))
      }
      standardError("\(contents.surveys.count) surveys\(contents.answersVisible ? "" : " (progress only, no answers)")")
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The survey's JSON, as saved.")
    @OptionGroup var target: Round
    @Argument(help: "The survey id.") var id: String

    func run() throws {
      let (service, name) = try target.choice.open(round: target.round)
      let survey = try SurveyCommand.run { () throws(StoreError) in try service.survey(id, round: name) }
      FileHandle.standardOutput.write(Data(RoundFolder.encode(survey)))
    }
  }

  struct Save: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Save a survey JSON file: as new, or over --base REVISION (refused if someone saved since).")
    @OptionGroup var target: Round
    @Argument(help: "The survey JSON file.") var file: String
    @Option(help: "The revision the change was made on; without it the survey must be new.") var base: Int?

    func run() throws {
      let survey: Survey
      do {
        survey = try JSONDecoder().decode(Survey.self, from: Data(try FileSystem.readFile(file, limit: 1 << 20)))
      } catch {
        throw failure(["\(file): cannot be read as a survey (\(error))"])
      }
      let (service, name) = try target.choice.open(round: target.round)
      let saved = try SurveyCommand.run { () throws(StoreError) in
        try service.save(survey, baseRevision: base, round: name)
      }
      print("Saved \(saved.id) as revision \(saved.revision).")
    }
  }

  struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete a survey if it is still at --base REVISION.")
    @OptionGroup var target: Round
    @Argument(help: "The survey id.") var id: String
    @Option(help: "The revision you saw.") var base: Int

    func run() throws {
      let (service, name) = try target.choice.open(round: target.round)
      try SurveyCommand.run { () throws(StoreError) in try service.delete(id, baseRevision: base, round: name) }
      print("Deleted \(id).")
    }
  }

  struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read an identity number from standard input and print the person's id in the round.",
      discussion: "The number is validated and turned into a pseudonym (by the server when served), then forgotten."
    )
    @OptionGroup var target: Round

    func run() throws {
      let text = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
      let number: NationalIdentityNumber
      do {
        number = try NationalIdentityNumber(text)
      } catch {
        throw failure([error.description])
      }
      let (service, name) = try target.choice.open(round: target.round)
      switch try SurveyCommand.run({ () throws(StoreError) in try service.identify(number, round: name) }) {
      case .person(let id, _, _): print(id)
      case .registeredElsewhere(let unit):
        throw failure(["This person is already registered in this round by another unit: \(unit)."])
      }
    }
  }
}
