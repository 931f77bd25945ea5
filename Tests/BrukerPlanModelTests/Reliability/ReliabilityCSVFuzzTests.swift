import Crypto
import Foundation
import Testing

@testable import BrukerPlanModel

/// Damaged person-level CSV files through the import parser: never a trap, every problem located
/// by line (and column where there is one), and never a fødselsnummer in a message.
@Suite struct ReliabilityCSVFuzzTests {
  static let csvTokens = ["\"", "\"\"", ",", ";", "\r\n", "\n", "\r", "\u{FEFF}", "ja", "nei", "", " "]

  @Test func damagedCSVNeverCrashesAndNeverEchoesANumber() throws {
    let seed = Soak.seed(20_241_123)
    var mutator = JSONMutator(random: SeededGenerator(seed: seed))
    let numbers = SyntheticNumbers.make(12, seed: 4_242)
    let pseudonym: @Sendable (NationalIdentityNumber) -> String = {
      $0.pseudonym(key: SymmetricKey(data: Array(repeating: UInt8(7), count: 32)))
    }
    let valid = Array(MarkedCSV.text(numbers, mark: 5).utf8)
    let header = Set(MarkedCSV.header)
    var scanner = PrivacyScanner(numbers: numbers)
    let inputs = Soak.count(600)
    var accepted = 0
    var problemsSeen = 0
    for _ in 0..<inputs {
      var (bytes, mutation) = mutator.mutate(valid)
      // CSV's own damage too: a stray quote, a delimiter or a line break somewhere.
      if mutator.int(0..<2) == 0 {
        let token = Self.csvTokens[mutator.int(0..<Self.csvTokens.count)]
        bytes.insert(contentsOf: Array(token.utf8), at: bytes.isEmpty ? 0 : mutator.int(0..<bytes.count))
        mutation += "+csvToken"
      }
      switch SurveyCSV.parse(bytes, round: Samples.round, pseudonym: pseudonym) {
      case .success(let rows):
        accepted += 1
        for row in rows where !row.survey.validate(in: Samples.round).filter({ $0.field != "revision" }).isEmpty {
          Issue.record("\(mutation): line \(row.line) accepted but invalid")
        }
      case .failure(let failure):
        if failure.problems.isEmpty { Issue.record("\(mutation): refused without a problem") }
        for problem in failure.problems {
          problemsSeen += 1
          if problem.message.isEmpty || problem.description.count > 600 || problem.line < 0 {
            Issue.record("\(mutation): unclear problem \(problem.description.prefix(200))")
          }
          if let column = problem.column, !header.contains(column), problem.line > 1 {
            Issue.record("\(mutation): names a column that is not in the header: \(column.prefix(60))")
          }
          scanner.scan(problem.description, source: mutation)
        }
      }
    }
    #expect(scanner.hits.isEmpty, "\(scanner.hits.prefix(5))")
    Figures.report(
      "fuzz.csv.inputs", inputs,
      detail: "seed \(seed), \(accepted) accepted, \(problemsSeen) problems, no number echoed")
  }
}
