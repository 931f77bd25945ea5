/// The fixed vocabularies of the survey (spec section 4). Raw values are the file format's keys.

/// A language for labels: Norwegian bokmål is the default, English on request.
public enum Language: String, Sendable, CaseIterable {
  case norwegian = "nb"
  case english = "en"
}

/// A closed set of values with a key in the file format and a label for people.
public protocol Vocabulary: RawRepresentable, CaseIterable, Hashable, Sendable, Codable
where RawValue == String, AllCases == [Self] {
  func label(_ language: Language) -> String
}

extension Vocabulary {
  public var label: String { label(.norwegian) }
  /// The values as the file format spells them, for error messages.
  public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

public enum Dimension: String, Vocabulary {
  case substanceUse, economy, mentalHealth, physicalHealth, housing, socialFunctioning, network,
    activity

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.substanceUse, .norwegian): "Rusmiddelbruk"
    case (.economy, .norwegian): "Økonomi"
    case (.mentalHealth, .norwegian): "Psykisk helse"
    case (.physicalHealth, .norwegian): "Fysisk helse"
    case (.housing, .norwegian): "Bosituasjon"
    case (.socialFunctioning, .norwegian): "Sosial fungering"
    case (.network, .norwegian): "Nettverk"
    case (.activity, .norwegian): "Arbeid og meningsfull aktivitet"
    case (.substanceUse, .english): "Substance use"
    case (.economy, .english): "Economy"
    case (.mentalHealth, .english): "Mental health"
    case (.physicalHealth, .english): "Physical health"
    case (.housing, .english): "Housing"
    case (.socialFunctioning, .english): "Social functioning"
    case (.network, .english): "Network"
    case (.activity, .english): "Work and meaningful activity"
    }
  }

  /// One line per level that tells the caseworker what the level means for this dimension.
  public func levelDescription(_ score: Score, _ language: Language = .norwegian) -> String {
    let index = Score.allCases.firstIndex(of: score)!
    let lines: [String]
    switch (self, language) {
    case (.substanceUse, .norwegian):
      lines = [
        "Ingen eller lite bruk, uten vesentlige følger", "Bruk med betydelige negative følger",
        "Svært omfattende bruk med svært alvorlige følger",
      ]
    case (.economy, .norwegian):
      lines = [
        "Stabil økonomi, klarer seg selv", "Ustabil økonomi, gjeld eller behov for hjelp",
        "Svært vanskelig økonomi, kan ikke dekke grunnbehov",
      ]
    case (.mentalHealth, .norwegian):
      lines = [
        "Ingen eller lette plager", "Plager som i betydelig grad hemmer hverdagen",
        "Alvorlige plager, svært nedsatt fungering",
      ]
    case (.physicalHealth, .norwegian):
      lines = [
        "God eller stabil helse", "Helseplager som hemmer hverdagen",
        "Alvorlig sykdom eller skade med store følger",
      ]
    case (.housing, .norwegian):
      lines = [
        "Egen, stabil og egnet bolig", "Ustabil eller lite egnet bolig, midlertidig løsning",
        "Bostedsløs",
      ]
    case (.socialFunctioning, .norwegian):
      lines = [
        "Mestrer hverdag og samhandling", "Betydelige vansker i hverdag og samhandling",
        "Svært store vansker, klarer i liten grad dagliglivet",
      ]
    case (.network, .norwegian):
      lines = [
        "Stabilt og støttende nettverk", "Lite eller belastende nettverk",
        "Uten nettverk, eller bare et skadelig miljø",
      ]
    case (.activity, .norwegian):
      lines = [
        "I arbeid, utdanning eller fast meningsfull aktivitet", "Noe aktivitet, men ustabil",
        "Ingen meningsfull aktivitet",
      ]
    case (.substanceUse, .english):
      lines = [
        "No or little use, without significant consequences",
        "Use with considerable negative consequences",
        "Very extensive use with very serious consequences",
      ]
    case (.economy, .english):
      lines = [
        "Stable finances, manages alone", "Unstable finances, debt or needs help",
        "Very difficult finances, basic needs not covered",
      ]
    case (.mentalHealth, .english):
      lines = [
        "No or mild problems", "Problems that considerably limit daily life",
        "Severe problems, very reduced functioning",
      ]
    case (.physicalHealth, .english):
      lines = [
        "Good or stable health", "Health problems that limit daily life",
        "Serious illness or injury with major consequences",
      ]
    case (.housing, .english):
      lines = [
        "Own, stable and suitable home", "Unstable or unsuitable housing, temporary", "Homeless",
      ]
    case (.socialFunctioning, .english):
      lines = [
        "Copes with daily life and contact with others",
        "Considerable difficulties in daily life", "Very great difficulties, barely copes",
      ]
    case (.network, .english):
      lines = [
        "Stable and supportive network", "Small or burdensome network",
        "No network, or only a harmful one",
      ]
    case (.activity, .english):
      lines = [
        "In work, education or regular meaningful activity", "Some activity, but unstable",
        "No meaningful activity",
      ]
    }
    return lines[index]
  }
}

/// Green = relatively good functioning, yellow = considerable consequences, red = very serious.
public enum Score: String, Vocabulary, Comparable {
  case green, yellow, red

  /// Points for the overall index: green 0, yellow 1, red 2.
  public var points: Int {
    switch self {
    case .green: 0
    case .yellow: 1
    case .red: 2
    }
  }

  public static func < (lhs: Score, rhs: Score) -> Bool { lhs.points < rhs.points }

  /// The letter on a colour chip, so a score is never shown by colour alone.
  public func letter(_ language: Language) -> String {
    switch (self, language) {
    case (.green, .norwegian): "G"
    case (.yellow, .norwegian): "Y"
    case (.red, .norwegian): "R"
    case (.green, .english): "G"
    case (.yellow, .english): "Y"
    case (.red, .english): "R"
    }
  }

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.green, .norwegian): "Grønn"
    case (.yellow, .norwegian): "Gul"
    case (.red, .norwegian): "Rød"
    case (.green, .english): "Green"
    case (.yellow, .english): "Yellow"
    case (.red, .english): "Red"
    }
  }
}

public enum Gender: String, Vocabulary {
  case female, male
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.female, .norwegian): "Kvinne"
    case (.male, .norwegian): "Mann"
    case (.female, .english): "Female"
    case (.male, .english): "Male"
    }
  }
}

public enum ProblemGroup: String, Vocabulary {
  case substanceOnly, substanceMildMental, substanceSevereMental, mentalOnly
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.substanceOnly, .norwegian): "Kun rusproblem"
    case (.substanceMildMental, .norwegian): "Rus og lettere psykiske problem"
    case (.substanceSevereMental, .norwegian): "Rus og alvorlig psykisk lidelse (ROP)"
    case (.mentalOnly, .norwegian): "Kun psykiske problem"
    case (.substanceOnly, .english): "Substance only"
    case (.substanceMildMental, .english): "Substance and mild mental problems"
    case (.substanceSevereMental, .english): "Substance and severe mental illness (ROP)"
    case (.mentalOnly, .english): "Mental health only"
    }
  }
}

public enum Substance: String, Vocabulary {
  case alcohol, cannabis, stimulants, heroin, illicitLarMedication, otherIllicitMedicines, other
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.alcohol, .norwegian): "Alkohol"
    case (.cannabis, .norwegian): "Cannabis"
    case (.stimulants, .norwegian): "Sentralstimulerende"
    case (.heroin, .norwegian): "Heroin"
    case (.illicitLarMedication, .norwegian): "Illegale LAR-medikamenter"
    case (.otherIllicitMedicines, .norwegian): "Andre illegale medikamenter"
    case (.other, .norwegian): "Andre rusmidler"
    case (.alcohol, .english): "Alcohol"
    case (.cannabis, .english): "Cannabis"
    case (.stimulants, .english): "Stimulants"
    case (.heroin, .english): "Heroin"
    case (.illicitLarMedication, .english): "Illicit LAR medication"
    case (.otherIllicitMedicines, .english): "Other illicit medicines"
    case (.other, .english): "Other substances"
    }
  }
}

public enum Plan: String, Vocabulary {
  case individualPlan, crisisPlan, actionPlan, otherPlan, responsibilityGroup
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.individualPlan, .norwegian): "Individuell plan"
    case (.crisisPlan, .norwegian): "Kriseplan"
    case (.actionPlan, .norwegian): "Tiltaksplan"
    case (.otherPlan, .norwegian): "Annen plan"
    case (.responsibilityGroup, .norwegian): "Ansvarsgruppe"
    case (.individualPlan, .english): "Individual plan"
    case (.crisisPlan, .english): "Crisis plan"
    case (.actionPlan, .english): "Action plan"
    case (.otherPlan, .english): "Other plan"
    case (.responsibilityGroup, .english): "Responsibility group"
    }
  }
}

public enum Activity: String, Vocabulary {
  // "none" is spelled out in Swift so it can never be mistaken for Optional.none.
  case work, supportedWork, student
  case noActivity = "none"
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.work, .norwegian): "Ordinært arbeid"
    case (.supportedWork, .norwegian): "Arbeid med støtte fra NAV / arbeidstrening"
    case (.student, .norwegian): "Student / elev"
    case (.noActivity, .norwegian): "Ingen"
    case (.work, .english): "Ordinary work"
    case (.supportedWork, .english): "Supported work / work training"
    case (.student, .english): "Student"
    case (.noActivity, .english): "None"
    }
  }
}

public enum Violence: String, Vocabulary {
  case noViolence = "none"
  case exposed, perpetrates, both, unknown
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.noViolence, .norwegian): "Nei"
    case (.exposed, .norwegian): "Utsatt for vold"
    case (.perpetrates, .norwegian): "Utøver vold"
    case (.both, .norwegian): "Både utsatt og utøver"
    case (.unknown, .norwegian): "Vet ikke"
    case (.noViolence, .english): "No"
    case (.exposed, .english): "Exposed to violence"
    case (.perpetrates, .english): "Perpetrates violence"
    case (.both, .english): "Both exposed and perpetrates"
    case (.unknown, .english): "Unknown"
    }
  }
}

public enum UnitKind: String, Vocabulary {
  case substance, mentalHealth, nav, childWelfare, homeCare, followUp, other
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.substance, .norwegian): "Rustjeneste"
    case (.mentalHealth, .norwegian): "Psykisk helsetjeneste"
    case (.nav, .norwegian): "NAV"
    case (.childWelfare, .norwegian): "Barnevern"
    case (.homeCare, .norwegian): "Hjemmetjeneste"
    case (.followUp, .norwegian): "Oppfølgingstjeneste"
    case (.other, .norwegian): "Annen"
    case (.substance, .english): "Substance services"
    case (.mentalHealth, .english): "Mental-health services"
    case (.nav, .english): "NAV"
    case (.childWelfare, .english): "Child welfare"
    case (.homeCare, .english): "Home care"
    case (.followUp, .english): "Follow-up service"
    case (.other, .english): "Other"
    }
  }
}

public enum ServiceLevel: String, Vocabulary {
  case municipal, specialist
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.municipal, .norwegian): "Kommunale tjenester"
    case (.specialist, .norwegian): "Spesialisthelsetjenester"
    case (.municipal, .english): "Municipal services"
    case (.specialist, .english): "Specialist services"
    }
  }
}

public enum SurveyStatus: String, Vocabulary {
  case draft, complete
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.draft, .norwegian): "Utkast"
    case (.complete, .norwegian): "Ferdig"
    case (.draft, .english): "Draft"
    case (.complete, .english): "Complete"
    }
  }
}

public enum RoundStatus: String, Vocabulary {
  case open, closed
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.open, .norwegian): "Åpen"
    case (.closed, .norwegian): "Lukket"
    case (.open, .english): "Open"
    case (.closed, .english): "Closed"
    }
  }
}

/// The overall index categories of rule bp-index/1 (spec section 7), best to worst.
public enum IndexCategory: String, Vocabulary, Comparable {
  case green, yellow, red, blueLight

  public static let rule = "bp-index/1"

  public static func classify(_ scores: [Score]) -> IndexCategory {
    classify(sum: scores.reduce(0) { $0 + $1.points }, reds: scores.count { $0 == .red })
  }

  /// The rule, the one place it is written: from the points sum S and the number of reds R,
  /// R >= 5 is blue light; R >= 2 or S >= 9 is red; S <= 2 and no red is green; else yellow.
  public static func classify(sum: Int, reds: Int) -> IndexCategory {
    if reds >= 5 { return .blueLight }
    if reds >= 2 || sum >= 9 { return .red }
    if sum <= 2 && reds == 0 { return .green }
    return .yellow
  }

  /// The rule in words, for the notes of reports.
  public static func ruleDescription(_ language: Language) -> String {
    language == .norwegian
      ? "Samlet indeks (regel bp-index/1): grønn = 0 poeng, gul = 1, rød = 2 per dimensjon. Blålys når minst fem "
        + "dimensjoner er røde; ellers rød når minst to er røde eller summen er 9 eller mer; ellers grønn når summen "
        + "er 2 eller mindre uten røde; ellers gul."
      : "Overall index (rule bp-index/1): green = 0 points, yellow = 1, red = 2 per dimension. Blue light when at "
        + "least five dimensions are red; otherwise red when at least two are red or the sum is 9 or more; otherwise "
        + "green when the sum is 2 or less without reds; otherwise yellow."
  }

  /// 0 green … 3 blue light: the position in `allCases`, for counting.
  public var position: Int {
    switch self {
    case .green: 0
    case .yellow: 1
    case .red: 2
    case .blueLight: 3
    }
  }

  public static func < (lhs: IndexCategory, rhs: IndexCategory) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.green, .norwegian): "Grønn"
    case (.yellow, .norwegian): "Gul"
    case (.red, .norwegian): "Rød"
    case (.blueLight, .norwegian): "Blålys"
    case (.green, .english): "Green"
    case (.yellow, .english): "Yellow"
    case (.red, .english): "Red"
    case (.blueLight, .english): "Blue light"
    }
  }

  public func letter(_ language: Language) -> String {
    switch self {
    case .green: "G"
    case .yellow: "Y"
    case .red: "R"
    case .blueLight: "B"
    }
  }
}
