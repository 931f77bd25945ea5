import Crypto
import Foundation
import Testing

@testable import BrukerPlanModel

@Suite struct GeneratorTests {
  static var key: SymmetricKey { SymmetricKey(data: [UInt8](repeating: 3, count: 32)) }

  @Test func seededRandomIsFixed() {
    var random = SeededRandom(seed: 0)
    // SplitMix64's published first outputs for seed 0.
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test func sameSeedGivesIdenticalBytes() throws {
    let a = TemporaryFolder()
    let b = TemporaryFolder()
    let c = TemporaryFolder()
    try SyntheticGenerator(seed: 42).generateStore(at: a.path, persons: 150, years: [2023, 2024], keyFromSeed: true)
    try SyntheticGenerator(seed: 42).generateStore(at: b.path, persons: 150, years: [2023, 2024], keyFromSeed: true)
    try SyntheticGenerator(seed: 43).generateStore(at: c.path, persons: 150, years: [2023, 2024], keyFromSeed: true)
    let first = try SampleStores.files(a.path)
    #expect(first.count == 1 + 2 * (1 + 150))
    #expect(first == (try SampleStores.files(b.path)))
    #expect(first != (try SampleStores.files(c.path)))
    #expect(FileSystem.permissions(a.path + "/.brukerplan/key") == 0o600)
    let name = try #require(first.keys.first { $0.hasPrefix("2023/surveys/") })
    #expect(FileSystem.permissions(a.path + "/" + name) == 0o600)
  }

  @Test func generatedIdentityNumbersAreValid() throws {
    var random = SeededRandom(seed: 9)
    for birthYear in [1925, 1960, 1999, 2000, 2008] {
      for gender in Gender.allCases {
        let number = SyntheticIdentity.number(birthYear: birthYear, gender: gender, &random)
        #expect(number.birthYear == birthYear && number.gender == gender && number.kind == .birthNumber)
      }
    }
  }

  @Test func roundsAreValidAndPersonsAreFollowed() throws {
    let rounds = SyntheticGenerator(seed: 5).generate(persons: 1000, years: [2023, 2024, 2025], key: Self.key)
    #expect(rounds.map(\.round.year) == [2023, 2024, 2025])
    for generated in rounds {
      #expect(generated.round.validate().isEmpty)
      #expect(generated.surveys.count == 1000)
      #expect(Set(generated.surveys.map(\.id)).count == 1000)
      #expect(generated.surveys.allSatisfy { $0.validate(in: generated.round).isEmpty && $0.id.hasPrefix("p") })
      let drafts = generated.surveys.filter { $0.status == .draft }
      #expect((5...35).contains(drafts.count))
      #expect(drafts.allSatisfy { !$0.missingForComplete.isEmpty })
      #expect(Set(generated.surveys.compactMap(\.unit)).count == 4)
    }
    for (a, b) in zip(rounds, rounds.dropFirst()) {
      let stayed = Set(a.surveys.map(\.id)).intersection(b.surveys.map(\.id))
      #expect((650...900).contains(stayed.count))
      // The same person keeps birth year, gender and problem group.
      let earlier = Dictionary(uniqueKeysWithValues: a.surveys.map { ($0.id, $0) })
      for survey in b.surveys where stayed.contains(survey.id) {
        let before = earlier[survey.id]!
        #expect(before.birthYear == survey.birthYear && before.gender == survey.gender)
        #expect(before.problemGroup == survey.problemGroup)
      }
    }
  }

  @Test func figuresAreNearThePublishedOnes() {
    let surveys = SyntheticGenerator(seed: 1).generate(persons: 4000, years: [2024], key: Self.key)[0].surveys
      .filter { $0.status == .complete }
    func share(_ predicate: (Survey) -> Bool, among group: [Survey]? = nil) -> Double {
      let group = group ?? surveys
      return Double(group.filter(predicate).count) / Double(group.count)
    }
    // Stavanger 2015: index red 44 %, blue light 12 %, homeless 9 %, substanceUse red 15 %, LAR 22 %.
    #expect((0.34...0.50).contains(share { $0.index == .red }))
    #expect((0.08...0.17).contains(share { $0.index == .blueLight }))
    #expect((0.06...0.13).contains(share { $0.scores[.housing] == .red }))
    #expect((0.10...0.24).contains(share { $0.scores[.substanceUse] == .red }))
    #expect((0.15...0.30).contains(share { $0.lar == true }))
    let substanceGroups = surveys.filter { $0.problemGroup != .mentalOnly }
    let meanSubstances =
      Double(substanceGroups.reduce(0) { $0 + ($1.substances?.count ?? 0) }) / Double(substanceGroups.count)
    #expect((1.5...2.3).contains(meanSubstances))
    // ROP persons mostly red or yellow on substance use; mentalOnly persons mostly green and without substances.
    let rop = surveys.filter { $0.problemGroup == .substanceSevereMental }
    let mental = surveys.filter { $0.problemGroup == .mentalOnly }
    #expect(share({ $0.scores[.substanceUse] != .green }, among: rop) > 0.9)
    #expect(share({ $0.scores[.substanceUse] == .green }, among: mental) > 0.75)
    #expect(share({ $0.substances?.isEmpty == true }, among: mental) > 0.75)
    // Answers follow the scores.
    let homeless = surveys.filter { $0.scores[.housing] == .red }
    #expect(share({ $0.answer("temporaryHousing").now }, among: homeless) > 0.3)
    #expect(share({ $0.answer("temporaryHousing").now }) < 0.1)
    #expect(surveys.filter { $0.lar != true }.allSatisfy { !$0.answer("specialistLar").now })
    let redActivity = surveys.filter { $0.scores[.activity] == .red }
    #expect(share({ $0.activity == .work }, among: redActivity) == 0)
  }

  @Test func fonnaCountsRoundToThePercents() {
    #expect(FonnaSample.levelCounts([82, 11, 8], total: 669).map { $0.reduce(0, +) } == 669)
    for (_, green, yellow, red) in FonnaSample.scorePercents {
      let counts = FonnaSample.levelCounts([green, yellow, red], total: 669)
      #expect(counts != nil)
    }
    let lar = FonnaSample.serviceCounts(now: 25, growth: 11, total: 669)
    #expect(lar.map { $0.now } == 167)
    #expect(lar.map { Int((Double($0.next12 - $0.now) * 100 / 669).rounded()) } == 11)
  }
}

/// The fast survey writer must write exactly what JSONEncoder writes.
@Suite struct SurveyJSONTests {
  @Test func matchesJSONEncoderOnGeneratedSurveys() throws {
    let rounds = SyntheticGenerator(seed: 8).generate(persons: 500, years: [2024], key: GeneratorTests.key)
    var surveys = rounds[0].surveys + FonnaSample.surveys(key: GeneratorTests.key).prefix(100)
    var odd = Samples.complete()
    odd.unit = "a \"quoted\" \\ unit/ø"
    odd.substances = []
    odd.plans = []
    odd.services = [:]
    surveys.append(odd)
    var draft = Survey(id: "rabcdefghijklmnop")
    draft.scores[.housing] = .red
    surveys.append(draft)
    var partlyAnswered = draft
    partlyAnswered.children.custody = false
    surveys.append(partlyAnswered)
    #expect(surveys.contains { $0.status == .draft })
    for survey in surveys {
      let fast = try #require(SurveyJSON.encode(survey), "\(survey.id)")
      #expect(fast == SurveyJSON.reference(survey), "\(survey.id)")
    }
  }

  @Test func leavesUnusualSurveysToJSONEncoder() {
    var extra = Samples.complete()
    extra.extra["future"] = .bool(true)
    #expect(SurveyJSON.encode(extra) == nil)
    var control = Samples.complete()
    control.unit = "tab\there"
    #expect(SurveyJSON.encode(control) == nil)
    var upper = Samples.complete()
    upper.services["Bolig"] = ServiceAnswer(now: true, next12: false)
    #expect(SurveyJSON.encode(upper) == SurveyJSON.reference(upper))  // the same order either way
    upper.services["akutt"] = ServiceAnswer(now: true, next12: false)
    #expect(SurveyJSON.encode(upper) == nil)  // "Bolig" < "akutt" by bytes, not ignoring case
    var digits = Samples.complete()
    digits.services["service10"] = ServiceAnswer(now: true, next12: false)
    #expect(SurveyJSON.encode(digits) == nil)
  }

  @Test func bulkWriteOfUnusualSurveysUsesJSONEncoder() throws {
    let folder = TemporaryFolder()
    var survey = Samples.complete()
    survey.extra["future"] = .string("kept")
    survey.unit = "tab\there"
    try SurveyFiles.write([survey], into: folder.path)
    let written = try FileSystem.readFile("\(folder.path)/\(survey.id).json", limit: 1 << 20)
    #expect(written == SurveyJSON.reference(survey))
  }
}
