@preconcurrency import Crypto
import Testing

@testable import BrukerPlanModel

@Suite struct IdentityTests {
  var vectorKey: SymmetricKey { SymmetricKey(data: (0..<32).map { UInt8($0) }) }

  @Test func everyReferenceVector() throws {
    let rows = try Fixtures.referenceRows("pseudonym-vectors.csv")
    #expect(rows.count == 13)
    for row in rows {
      let (number, expected, note) = (row[0], row[1], row[2])
      if expected == "invalid" {
        #expect(throws: NationalIdentityNumber.Problem.self, "\(note)") { try NationalIdentityNumber(number) }
      } else {
        let identity = try NationalIdentityNumber(number)
        #expect(identity.pseudonym(key: vectorKey) == expected, "\(note)")
        let year = Int(note.split(separator: ",")[0].split(separator: " ")[1])!
        #expect(identity.birthYear == year, "\(note)")
        #expect(identity.gender == (note.contains("female") ? .female : .male), "\(note)")
        #expect(identity.kind == (note.contains("D-number") ? .dNumber : .birthNumber))
      }
    }
  }

  @Test func problemsAreSpecific() {
    #expect(throws: NationalIdentityNumber.Problem.wrongLength) { try NationalIdentityNumber("0101801237") }
    #expect(throws: NationalIdentityNumber.Problem.notDigits) { try NationalIdentityNumber("01018O12371") }
    #expect(throws: NationalIdentityNumber.Problem.impossibleDate) { try NationalIdentityNumber("29020011163") }
    #expect(throws: NationalIdentityNumber.Problem.wrongControlDigits) { try NationalIdentityNumber("01018012372") }
  }

  @Test func hNumberHasMonthPlus40() throws {
    // 01 (day) 41 (January + 40) 80, individual 123, control digits computed by the rule.
    let digits: [UInt8] = [0, 1, 4, 1, 8, 0, 1, 2, 3]
    let k1 = NationalIdentityNumber.controlDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2])!
    let k2 = NationalIdentityNumber.controlDigit(digits + [UInt8(k1)], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])!
    let number = digits.map(String.init).joined() + "\(k1)\(k2)"
    let identity = try NationalIdentityNumber(number)
    #expect(identity.kind == .hNumber)
    #expect(identity.birthYear == 1980)
  }

  @Test func theNumberNeverAppearsInText() throws {
    let identity = try NationalIdentityNumber("01018012371")
    #expect(!"\(identity)".contains("01018012371"))
    #expect(!String(reflecting: identity).contains("01018012371"))
    for problem: NationalIdentityNumber.Problem in [.wrongLength, .notDigits, .impossibleDate, .wrongControlDigits] {
      for language in Language.allCases { #expect(!problem.message(language).contains("0101")) }
    }
  }

  @Test func randomIDsHaveTheSpecShape() {
    let ids = (0..<200).map { _ in Base32.randomID() }
    #expect(ids.allSatisfy(SurveyID.isValid))
    #expect(ids.allSatisfy { $0.hasPrefix("r") })
    #expect(Set(ids).count == 200)
  }

  @Test func base32MatchesRFC4648() {
    // RFC 4648 section 10 test vectors, lowercased and without padding.
    let cases = [
      ("", ""), ("f", "my"), ("fo", "mzxq"), ("foo", "mzxw6"), ("foob", "mzxw6yq"), ("fooba", "mzxw6ytb"),
      ("foobar", "mzxw6ytboi"),
    ]
    for (input, expected) in cases { #expect(Base32.encode(Array(input.utf8)) == expected) }
  }

  @Test func indexRule() {
    func scores(_ text: String) -> [Score] { text.map { $0 == "g" ? .green : $0 == "y" ? .yellow : .red } }
    #expect(IndexCategory.classify(scores("gggggggg")) == .green)
    #expect(IndexCategory.classify(scores("yygggggg")) == .green)
    #expect(IndexCategory.classify(scores("yyyggggg")) == .yellow)
    #expect(IndexCategory.classify(scores("rggggggg")) == .yellow)
    #expect(IndexCategory.classify(scores("rrgggggg")) == .red)
    #expect(IndexCategory.classify(scores("ryyyyyyy")) == .red)  // S = 9
    #expect(IndexCategory.classify(scores("yyyyyyyy")) == .yellow)  // S = 8, no red
    #expect(IndexCategory.classify(scores("rrrrgggg")) == .red)
    #expect(IndexCategory.classify(scores("rrrrrggg")) == .blueLight)
  }
}
