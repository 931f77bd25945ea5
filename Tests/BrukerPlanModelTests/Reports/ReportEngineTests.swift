import Testing

@testable import BrukerPlanModel

@Suite struct ReportEngineTests {
  typealias B = ReportBuilders

  static let fourPersons = [
    B.person(
      1, birthYear: 1999, gender: .female, group: .substanceOnly, scores: "GGGGGGGG",
      substances: [.alcohol, .cannabis],
      plans: [.individualPlan, .responsibilityGroup],
      children: Children(hasChildren: true, custody: true, contact: false, childWelfare: false), activity: .work,
      services: ["socialServices": (true, true), "temporaryHousing": (false, true)]),
    B.person(
      2, unit: "rus", birthYear: 2005, gender: .male, group: .mentalOnly, scores: "RRRRRGGG", lar: true,
      violence: .exposed, services: ["socialServices": (true, false)]),
    B.person(
      3, birthYear: 1960, group: .substanceSevereMental, scores: "YYYYYYYY", substances: [.heroin],
      plans: [.crisisPlan], services: ["housingServices": (true, true)]),
    B.person(
      4, unit: "rus", birthYear: 1950, gender: .male, group: .substanceMildMental, scores: "RRGGGGGG",
      substances: [.alcohol], services: ["temporaryHousing": (true, false)]),
    B.person(5, status: .draft, scores: "RRRRRRRR"),
  ]

  @Test func countsEveryFigureOfSectionEight() {
    let figures = ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.fourPersons)])
    #expect(figures.n == 4)
    #expect(figures.drafts == 1)
    #expect(figures.gender == [2, 2])
    #expect(figures.ageBands == [1, 1, 0, 0, 1, 1])
    #expect(figures.ageSum == 25 + 19 + 64 + 74)
    #expect(figures.problemGroup == [1, 1, 1, 1])
    #expect(figures.index == [1, 1, 1, 1])
    #expect(figures.count(.substanceUse, .green) == 1)
    #expect(figures.count(.substanceUse, .yellow) == 1)
    #expect(figures.count(.substanceUse, .red) == 2)
    #expect(figures.count(.housing, .green) == 2)
    #expect(figures.count(.housing, .red) == 1)
    #expect(figures.plans == [1, 1, 0, 0, 1])
    #expect(figures.noPlanOrGroup == 2)
    #expect(figures.substances == [2, 1, 0, 1, 0, 0, 0])
    #expect(figures.substanceTicks == 4)
    #expect(figures.lar == 1)
    #expect(figures.children == [1, 1, 0, 0])
    #expect(figures.activity == [1, 0, 0, 3])
    #expect(figures.violence == [3, 1, 0, 0, 0])
    let social = figures.services[0]
    #expect(social.service.id == "socialServices")
    #expect([social.now, social.next12, social.newDemand, social.ending] as [Int] == [2, 1, 0, 1])
    let temporary = figures.services[1]
    #expect([temporary.now, temporary.next12, temporary.newDemand, temporary.ending] as [Int] == [1, 1, 1, 1])
    #expect(figures.services.count == 18)
    #expect(figures.municipalities.isEmpty)
  }

  @Test func publishesPercentsMeansAndGrowth() {
    let report = Disclosure.apply(
      ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.fourPersons)]), minCell: 1)
    #expect(report.n == 4)
    #expect(report.drafts == 1)
    #expect(report.meanAge == 45.5)
    #expect(report.meanSubstancesPerPerson == 1.0)
    #expect(report.prevalencePer1000.total == 0.4)
    #expect(report.prevalencePer1000.age16plus == 0.5)
    #expect(report.dimensions[.substanceUse]![.red] == Cell(count: 2, percent: 50))
    #expect(report.index[.blueLight] == Cell(count: 1, percent: 25))
    #expect(report.noPlanOrGroup == Cell(count: 2, percent: 50))
    let social = report.service("socialServices")!
    #expect(social.now == Cell(count: 2, percent: 50))
    #expect(social.next12 == Cell(count: 1, percent: 25))
    #expect(social.growthPp == -25)
    #expect(social.growthPersons == -1)
    #expect(social.ending == Cell(count: 1, percent: 25))
  }

  @Test func breaksDownByUnit() {
    let figures = ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.fourPersons)], by: .unit)
    let groups = figures.breakdown!.groups
    #expect(groups.map(\.key) == ["nav", "rus"])
    #expect(groups.map(\.n) == [2, 2])
    #expect(groups[0].index == [1, 1, 0, 0])
    #expect(groups[1].index == [0, 0, 1, 1])
    #expect(groups[1].count(.substanceUse, .red) == 2)
    #expect(groups[0].count(.housing, .yellow) == 1)
  }

  @Test func breaksDownByAgeBandIncludingEmptyBands() {
    let figures = ReportEngine.figures([ReportInput(round: B.round(), surveys: Self.fourPersons)], by: .ageBand)
    #expect(figures.breakdown!.groups.map(\.key) == ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"])
    #expect(figures.breakdown!.groups.map(\.n) == [1, 1, 0, 0, 1, 1])
  }

  @Test func twoMunicipalitiesSumPopulationsAndUniteCatalogues() {
    let extra = CatalogueService(id: "lowThreshold", label: "Lavterskeltilbud", level: .municipal)
    let renamed = CatalogueService(id: "socialServices", label: "Sosialhjelp (annet navn)", level: .municipal)
    let first = B.round(code: "1101", name: "Aheim", population: .init(total: 1000, age16plus: 800))
    let second = B.round(
      code: "1102", name: "Bevik", population: .init(total: 3000, age16plus: 2400),
      services: [renamed, extra])
    var persons = Self.fourPersons
    persons[0].services["lowThreshold"] = ServiceAnswer(now: true, next12: true)
    let figures = ReportEngine.figures([
      ReportInput(round: first, surveys: Array(Self.fourPersons.prefix(2))),
      ReportInput(round: second, surveys: [persons[0], persons[2], persons[3]]),
    ])
    #expect(figures.n == 5)
    #expect(figures.population == PopulationTotals(total: 4000, age16plus: 3200, age18plus: nil))
    #expect(figures.services.count == 19)
    #expect(figures.services.last!.service.id == "lowThreshold")
    #expect(figures.services[0].service.label == "Sosialtjeneste")
    #expect(figures.services.last!.now == 1)
    #expect(figures.municipalities.map(\.n) == [2, 3])
    #expect(figures.municipalities.map { $0.rounds.map(\.municipalityCode) } == [["1101"], ["1102"]])
    #expect(figures.municipalities[1].services[0].now == 1)
    #expect(figures.gender == [3, 2])
    let report = Disclosure.apply(figures, minCell: 1)
    #expect(report.prevalencePer1000.total == 1.25)
    #expect(report.prevalencePer1000.age18plus == nil)
    #expect(report.municipalities.count == 2)
    #expect(report.municipalities[0].prevalencePer1000.total == 2)
    #expect(report.rounds.map(\.municipalityName) == ["Aheim", "Bevik"])
    let byMunicipality = ReportEngine.figures(
      [ReportInput(round: first, surveys: Self.fourPersons), ReportInput(round: second, surveys: [])],
      by: .municipality)
    #expect(byMunicipality.breakdown!.groups.map(\.n) == [4, 0])
  }

  @Test func aPersonInTwoRoundsCountsTwice() {
    let round = B.round()
    let figures = ReportEngine.figures([
      ReportInput(round: round, surveys: [Self.fourPersons[0]]),
      ReportInput(round: B.round(year: 2025), surveys: [Self.fourPersons[0]]),
    ])
    #expect(figures.n == 2)
    #expect(figures.population.total == 20_000)
    #expect(figures.ageSum == 25 + 26)
    #expect(figures.municipalities.isEmpty)
  }

  @Test func indexPositionMatchesTheVocabularyRule() {
    var random = ReportTestRandom(seed: 7)
    for _ in 0..<500 {
      var scores: [Dimension: Score] = [:]
      for dimension in Dimension.allCases { scores[dimension] = Score.allCases[random.next(3)] }
      let expected = IndexCategory.classify(Dimension.allCases.map { scores[$0]! })
      #expect(ReportEngine.indexPosition(scores) == IndexCategory.allCases.firstIndex(of: expected))
    }
  }
}
