import ArgumentParser
import BrukerPlanModel
import Foundation

/// `not-included ROUND_DIR --unit ID --reason R`: counts a person the inclusion check left out.
struct NotIncludedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "not-included",
    abstract: "Count a person the inclusion check left out; an opt-out is honoured by every unit of the round.",
    discussion: """
      Only a counter per unit and reason is kept. For --reason optedOut the person's 11-digit \
      number is read from standard input (never give it as an argument: other users can see \
      arguments); its pseudonym and today's date go on the round's opt-out list, so that no unit \
      can register the person in this round, and a survey of the person already in the round is \
      deleted. Reasons: \(ExclusionReason.allowedValues).
      """
  )

  @Argument(help: "The round folder.")
  var round: String

  @Option(help: "The unit whose inclusion check it was.")
  var unit: String

  @Option(help: "Why: \(ExclusionReason.allowedValues).")
  var reason: String

  func run() throws {
    guard let why = ExclusionReason(rawValue: reason) else {
      throw ValidationError("--reason \"\(reason)\": allowed are \(ExclusionReason.allowedValues)")
    }
    let folder = RoundFolder(path: round)
    do {
      if why == .optedOut {
        let line = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
        let number: NationalIdentityNumber
        do {
          number = try NationalIdentityNumber(line)
        } catch {
          throw failure(["standard input: the number is not valid: \(error)"])
        }
        let store = try Store.open(folder.storePath, create: false)
        let outcome = try folder.registerOptOut(store.pseudonym(for: number), on: try today())
        if outcome.alreadyListed {
          print("Already on the round's opt-out list since \(outcome.date).")
        } else {
          print("On the round's opt-out list from \(outcome.date): no unit can register the person in this round.")
        }
        if let unit = outcome.deletedSurveyUnit {
          print("The person's survey (registered by unit \(unit)) has been deleted.")
        }
      }
      try folder.countExclusion(unit: unit, reason: why)
    } catch let exit as ExitCode {
      throw exit
    } catch {
      throw failure(["\(error)"])
    }
    print("Counted: \(unit), \(why.label(.english)).")
  }
}
