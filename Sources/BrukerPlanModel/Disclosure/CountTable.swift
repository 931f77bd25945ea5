/// One count of a `CountTable`.
public struct CountRef: Hashable, Comparable, Sendable {
  public let slot: Int

  public static func < (one: CountRef, other: CountRef) -> Bool { one.slot < other.slot }
}

/// A table of counts of persons on its way to publication: the one input of disclosure control
/// (spec section 9). Whatever publishes counts (a report, a comparison, a panel, a new table of
/// a later feature) registers them here with the sets they add up in, and publishes only what
/// `publish(minCell:)` returns:
///
///     var table = CountTable(key: "report 0301/2024", population: 12)  // N: published
///     let female = table.count(7, "gender.female")
///     let male = table.count(5, "gender.male")
///     table.addsUp([female, male], to: table.population)
///     let published = table.publish(minCell: 3)
///     published.count(female)   // nil when suppressed
///
/// Every count is of persons of the table's population, so 0 <= count <= N.
/// - `count(_:_:complementOf:)` a count; `complementOf: N` marks the persons *with* a property
///   among N (step 2 suppresses it too when the persons without it are fewer than k);
/// - `known(_:_:)` a figure that is published anyway (a panel's n): never suppressed;
/// - `addsUp(_:to:)` parts that add up to a total (a step 4 set, and an identity for the audit;
///   "at most" when the parts add up to less);
/// - `set(_:)` cells that add up to a total nobody publishes (a step 4 set only: a panel row);
/// - `linked(_:equals:)` two sums that are equal (a service's next12 + ending = now + newDemand):
///   a step 4 set and an identity;
/// - `atMost(_:_:)` a containment a reader knows (custody within hasChildren): audit only,
///   registered only where the counts obey it;
/// - `group(size:cells:)` a breakdown group or a panel: suppressed whole when 0 < size < k;
/// - `include(_:)` another output the reader already has: its cells are carried over as they
///   were published there (shown or suppressed) and never changed; the audit treats its shown
///   cells as known and its identities as the reader's.
public struct CountTable: Sendable {
  /// Where a cell's publication is decided.
  enum Origin: Equatable, Sendable {
    /// By this table's steps.
    case free
    /// Published whatever happens (N, a panel's n).
    case known
    /// By another output that this one includes.
    case carried(suppressed: Bool)
  }

  /// A linear identity the reader knows: sum(coefficient * count) == 0 (or <= 0).
  struct Relation: Sendable {
    var terms: [Term]
    var isEquality: Bool
    /// The cells of the "whole" side (a total, a containing count): when all of them are shown
    /// and add up to 0, the other cells are 0 by the published zero itself (no exposure).
    var whole: [Int]
  }

  struct Term: Sendable {
    var slot: Int
    var coefficient: Int
  }

  /// Names the output this table publishes, so one included twice (directly and inside
  /// another) is carried over once.
  public let key: String
  var counts: [Int] = []
  var names: [String] = []
  var complementBase: [Int?] = []
  var upperBound: [Int] = []
  var origin: [Origin] = []
  /// Why an included output suppressed a cell (nil: shown there, or not included).
  var carriedReason: [SuppressionReason?] = []
  /// Step 4 sets, in registration order.
  var sets: [[Int]] = []
  var relations: [Relation] = []
  var groups: [(size: Int, cells: [Int])] = []
  /// Slots of every output included so far (and of this one, once published), by key.
  var blocks: [String: [Int]] = [:]
  /// N: the number of persons every count of this table is about.
  public private(set) var population: CountRef

  public init(key: String, population n: Int) {
    self.key = key
    population = CountRef(slot: 0)
    counts.append(n)
    names.append("n")
    complementBase.append(nil)
    upperBound.append(n)
    origin.append(.known)
    carriedReason.append(nil)
  }

  public var size: Int { counts.count }

  public func value(_ ref: CountRef) -> Int { counts[ref.slot] }

  public func name(_ ref: CountRef) -> String { names[ref.slot] }

  /// A count of this table's persons; `complementOf` the number of persons it is taken among
  /// when it counts those *with* a property.
  public mutating func count(_ value: Int, _ name: String, complementOf base: Int? = nil) -> CountRef {
    append(value, name, complementBase: base, upperBound: counts[population.slot], origin: .free)
  }

  /// A figure published whatever happens (a subgroup's n shown elsewhere, a panel's n).
  public mutating func known(_ value: Int, _ name: String) -> CountRef {
    append(value, name, complementBase: nil, upperBound: value, origin: .known)
  }

  /// Parts that add up to `total` (or to less, when some persons are in no part).
  public mutating func addsUp(_ parts: [CountRef], to total: CountRef) {
    let exact = parts.reduce(0) { $0 + value($1) } == value(total)
    relations.append(
      Relation(
        terms: parts.map { Term(slot: $0.slot, coefficient: 1) } + [Term(slot: total.slot, coefficient: -1)],
        isEquality: exact, whole: [total.slot]))
    sets.append(parts.map(\.slot) + [total.slot])
  }

  /// Cells that add up to a total nobody publishes: a set for step 4 only.
  public mutating func set(_ cells: [CountRef]) {
    sets.append(cells.map(\.slot))
  }

  /// Two sums that are equal (a service: next12 + ending = now + newDemand). Registered only
  /// where the counts obey it.
  public mutating func linked(_ one: [CountRef], equals other: [CountRef]) {
    guard one.reduce(0, { $0 + value($1) }) == other.reduce(0, { $0 + value($1) }) else { return }
    relations.append(
      Relation(
        terms: one.map { Term(slot: $0.slot, coefficient: 1) } + other.map { Term(slot: $0.slot, coefficient: -1) },
        isEquality: true, whole: []))
    sets.append((one + other).map(\.slot))
  }

  /// The persons counted by `parts` are among those counted by `whole` (sum of parts <= sum of
  /// whole). Registered only where the counts obey it.
  public mutating func atMost(_ parts: [CountRef], _ whole: [CountRef]) {
    guard parts.reduce(0, { $0 + value($1) }) <= whole.reduce(0, { $0 + value($1) }) else { return }
    relations.append(
      Relation(
        terms: parts.map { Term(slot: $0.slot, coefficient: 1) } + whole.map { Term(slot: $0.slot, coefficient: -1) },
        isEquality: false, whole: whole.map(\.slot)))
  }

  /// A group of persons shown with its size and cells: suppressed whole when 0 < size < k.
  public mutating func group(size: CountRef, cells: [CountRef]) {
    groups.append((size.slot, cells.map(\.slot)))
  }

  /// Carries over another output the reader already has; returns where its cells are here.
  /// An output already included (directly or inside another) is carried over once.
  public mutating func include(_ other: PublishedCounts) -> CountMapping {
    if let existing = blocks[other.table.key] { return CountMapping(slots: existing) }
    var map = [Int](repeating: -1, count: other.table.size)
    // Outputs the other one included that this table already has: the same cells, not copies.
    for (key, theirs) in other.table.blocks.sorted(by: { $0.key < $1.key }) {
      guard let ours = blocks[key] else { continue }
      for (their, our) in zip(theirs, ours) { map[their] = our }
    }
    for slot in map.indices where map[slot] < 0 {
      map[slot] =
        append(
          other.table.counts[slot], Self.qualified(other.table.names[slot], by: other.table.key),
          complementBase: other.table.complementBase[slot],
          upperBound: other.table.upperBound[slot],
          origin: other.table.origin[slot] == .known ? .known : .carried(suppressed: other.suppressed[slot]),
          reason: other.reasons[slot]
        ).slot
    }
    for relation in other.table.relations {
      relations.append(
        Relation(
          terms: relation.terms.map { Term(slot: map[$0.slot], coefficient: $0.coefficient) },
          isEquality: relation.isEquality, whole: relation.whole.map { map[$0] }))
    }
    for (key, theirs) in other.table.blocks where blocks[key] == nil { blocks[key] = theirs.map { map[$0] } }
    return CountMapping(slots: map)
  }

  /// "report 1103/2024: gender.female": a carried cell says which output it comes from.
  static func qualified(_ name: String, by key: String) -> String {
    name.contains(": ") ? name : "\(key): \(name)"
  }

  private mutating func append(
    _ value: Int, _ name: String, complementBase: Int?, upperBound: Int, origin: Origin,
    reason: SuppressionReason? = nil
  ) -> CountRef {
    counts.append(value)
    names.append(name)
    self.complementBase.append(complementBase)
    self.upperBound.append(max(upperBound, value))
    self.origin.append(origin)
    carriedReason.append(reason)
    return CountRef(slot: counts.count - 1)
  }
}

/// Where the cells of an included output sit in the including table.
public struct CountMapping: Sendable {
  let slots: [Int]

  public func callAsFunction(_ ref: CountRef) -> CountRef { CountRef(slot: slots[ref.slot]) }
}

/// Why a cell is suppressed (the steps of spec section 9), for `report --audit`.
public enum SuppressionReason: String, Sendable {
  case primary, complement, smallGroup, tiny, secondary, audit
}

/// One suppressed cell as the audit saw it: the smallest and largest value consistent with
/// everything published.
public struct AuditedCell: Hashable, Sendable {
  public let name: String
  public let reason: SuppressionReason
  public let interval: ClosedRange<Int>
  /// The smallest and largest value are the same: the reader can work the count out.
  public let isExposed: Bool
}

/// The audit behind one published output, listed on request. Derived from the published cells,
/// so two outputs with the same cells have the same trail (equality ignores it).
public struct AuditTrail: Codable, Hashable, Sendable {
  let counts: PublishedCounts?

  init(counts: PublishedCounts?) {
    self.counts = counts
  }

  /// The trail stays where the report was made: a server sends the published cells and the
  /// audit's summary, never the counts behind the suppressed ones.
  public init(from decoder: any Decoder) throws { counts = nil }
  public func encode(to encoder: any Encoder) throws {}

  public static func == (one: AuditTrail, other: AuditTrail) -> Bool { true }
  public func hash(into hasher: inout Hasher) {}

  public func cells() -> [AuditedCell] { counts?.audited() ?? [] }
}

/// What the audit did to one output: cells checked, cells it had to add, exposures left.
public struct AuditSummary: Codable, Hashable, Sendable {
  public var cellsAudited = 0
  public var extraSuppressed = 0
  /// Suppressed counts the reader could still work out exactly (0 unless nothing was left to hide).
  public var exposed = 0

  public init(cellsAudited: Int = 0, extraSuppressed: Int = 0, exposed: Int = 0) {
    self.cellsAudited = cellsAudited
    self.extraSuppressed = extraSuppressed
    self.exposed = exposed
  }

  /// Two outputs shown together (a comparison's sides and panel, a trend's years).
  public static func + (one: AuditSummary, other: AuditSummary) -> AuditSummary {
    AuditSummary(
      cellsAudited: one.cellsAudited + other.cellsAudited, extraSuppressed: one.extraSuppressed + other.extraSuppressed,
      exposed: one.exposed + other.exposed)
  }
}

/// A `CountTable` after disclosure control: which cells are shown, and the audit's result.
public struct PublishedCounts: Sendable {
  public let table: CountTable
  public let minCell: Int
  let suppressed: [Bool]
  let reasons: [SuppressionReason?]
  public let summary: AuditSummary

  /// Every suppressed cell of this table with its interval, in table order (two integer
  /// programs per cell, so only on request: `report --audit`).
  public func audited() -> [AuditedCell] {
    Audit(table, suppressed: suppressed, reasons: reasons).cells()
  }

  public func isSuppressed(_ ref: CountRef) -> Bool { suppressed[ref.slot] }

  /// The count, or nil when suppressed.
  public func count(_ ref: CountRef) -> Int? { suppressed[ref.slot] ? nil : table.counts[ref.slot] }
}
