/// One service in a round's catalogue (spec section 6).
public struct CatalogueService: Codable, Hashable, Sendable {
  public var id: String
  public var label: String
  public var level: ServiceLevel
  public var extra: [String: JSONValue] = [:]

  public init(id: String, label: String, level: ServiceLevel) {
    self.id = id
    self.label = label
    self.level = level
  }

  /// The label in `language`: the standard services have English names; a round's own label
  /// (or a service of its own) stays as the round wrote it.
  public func label(_ language: Language) -> String {
    Self.label(id: id, label, language)
  }

  public static func label(id: String, _ label: String, _ language: Language) -> String {
    guard language == .english, ServiceCatalogue.standard.service(id)?.label == label else { return label }
    return englishLabels[id] ?? label
  }

  static let englishLabels = [
    "socialServices": "Social services", "temporaryHousing": "Temporary housing",
    "housingServices": "Housing services", "healthServices": "Health services",
    "childWelfareServices": "Child welfare services", "careServices": "Care services",
    "municipalEducation": "Municipal education", "municipalLar": "Municipal LAR follow-up",
    "acuteSubstance": "Acute substance treatment", "outpatientSubstance": "Outpatient substance treatment",
    "inpatientSubstance": "Inpatient substance treatment", "specialistLar": "Specialist LAR",
    "compulsorySubstance": "Compulsory substance treatment", "acutePsychiatry": "Acute psychiatry",
    "outpatientPsychiatry": "Outpatient psychiatry", "inpatientPsychiatry": "Inpatient psychiatry",
    "compulsoryPsychiatry": "Compulsory psychiatry", "somatic": "Somatic health care",
  ]

  enum CodingKeys: String, CodingKey, CaseIterable { case id, label, level }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    label = try container.decode(String.self, forKey: .label)
    level = try container.decode(ServiceLevel.self, forKey: .level)
    extra = try decoder.unknownKeys(known: Set(CodingKeys.allCases.map(\.rawValue)))
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(label, forKey: .label)
    try container.encode(level, forKey: .level)
    try encoder.encodeUnknownKeys(extra)
  }
}

/// The services a round asks about, in order.
public struct ServiceCatalogue: Hashable, Sendable {
  public var services: [CatalogueService]

  public init(_ services: [CatalogueService]) { self.services = services }

  public func service(_ id: String) -> CatalogueService? { services.first { $0.id == id } }
  public func contains(_ id: String) -> Bool { services.contains { $0.id == id } }
  public var ids: [String] { services.map(\.id) }

  /// The default catalogue of spec section 6, used when round.json has no `services`.
  public static let standard = ServiceCatalogue(
    [
      ("socialServices", "Sosialtjeneste"), ("temporaryHousing", "Midlertidig bolig"),
      ("housingServices", "Boligtjenester"), ("healthServices", "Helsetjenester"),
      ("childWelfareServices", "Barnevernstjenester"), ("careServices", "Omsorgstjenester"),
      ("municipalEducation", "Kommunal undervisning"),
      ("municipalLar", "Kommunal LAR-oppfølging"),
    ].map { CatalogueService(id: $0.0, label: $0.1, level: .municipal) }
      + [
        ("acuteSubstance", "Akutt rus"), ("outpatientSubstance", "Poliklinikk rus"),
        ("inpatientSubstance", "Døgn rus"), ("specialistLar", "LAR spesialist"),
        ("compulsorySubstance", "Tvang rus"), ("acutePsychiatry", "Akutt psykiatri"),
        ("outpatientPsychiatry", "Poliklinikk psykiatri"),
        ("inpatientPsychiatry", "Døgn psykiatri"), ("compulsoryPsychiatry", "Tvang psykiatri"),
        ("somatic", "Somatikk"),
      ].map { CatalogueService(id: $0.0, label: $0.1, level: .specialist) }
  )
}
