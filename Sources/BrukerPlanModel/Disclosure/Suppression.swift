/// The steps of spec section 9 over one `CountTable`, in order; each is a method so a test can
/// run them alone, or leave one out to see the audit catch what it would have hidden.
struct Suppression {
  let table: CountTable
  let k: Int
  var suppressed: [Bool]
  var reasons: [SuppressionReason?]
  /// The steps to run; all of them but in the tests that weaken a rule on purpose.
  var steps: Set<Step> = Set(Step.allCases)

  enum Step: CaseIterable {
    case primary, complement, smallGroups, secondary, audit
  }

  /// The equations each cell is in, for `isPinned`.
  let equations: [Int: [[Int]]]
  /// The wholes each cell is a part of (a total, a containing count), for `isKnownZero`.
  let wholes: [Int: [[Int]]]
  /// Cells that hiding protects nothing (see `auditUntilSafe`); never hidden again.
  var shownAnyway = Set<Int>()
  /// Hidden cells the reader knows are 0 all the same (see `CountTable.zerosKnown`), for `isPinned`.
  var knownZeros = Set<Int>()

  init(_ table: CountTable, minCell: Int) {
    self.table = table
    var equations: [Int: [[Int]]] = [:]
    for relation in table.relations where relation.isEquality {
      let slots = relation.terms.map(\.slot)
      for slot in slots { equations[slot, default: []].append(slots) }
    }
    self.equations = equations
    var wholes: [Int: [[Int]]] = [:]
    for relation in table.relations where !relation.whole.isEmpty {
      for term in relation.terms where term.coefficient > 0 { wholes[term.slot, default: []].append(relation.whole) }
    }
    self.wholes = wholes
    k = max(1, minCell)
    suppressed = table.origin.map { $0 == .carried(suppressed: true) }
    reasons = table.carriedReason
  }

  /// A cell this table may still hide: decided here, not hidden yet, and not zero (hiding a
  /// zero protects nobody; step 3 hides the zeros of a small group itself), unless `zeros`:
  /// the audit's last resort, when only hidden zeros can stop a difference of published cells.
  func isCandidate(_ slot: Int, zeros: Bool = false) -> Bool {
    table.origin[slot] == .free && !suppressed[slot] && !shownAnyway.contains(slot)
      && (table.counts[slot] > 0 || (zeros && !isKnownZero(slot)))
      && !isPinned(slot, zerosMayHide: zeros)
  }

  /// A zero that is part of a whole shown as 0 (or known to be 0): hidden, it is 0 all the same.
  func isKnownZero(_ slot: Int) -> Bool {
    table.counts[slot] == 0
      && (wholes[slot] ?? []).contains { whole in
        whole.allSatisfy { knownZeros.contains($0) || (!suppressed[$0] && table.counts[$0] == 0) }
      }
  }

  /// A cell that an identity ties to cells whose values the reader has whatever this table does
  /// (shown cells of an included output, shown zeros, hidden cells known to be 0): the reader
  /// works it out even when it is hidden, so hiding it protects nothing and the next cell is
  /// taken instead.
  func isPinned(_ slot: Int, zerosMayHide: Bool = false) -> Bool {
    (equations[slot] ?? []).contains { slots in
      slots.allSatisfy { other in
        other == slot || (!zerosMayHide && knownZeros.contains(other))
          || (!suppressed[other] && (table.origin[other] != .free || (table.counts[other] == 0 && !zerosMayHide)))
      }
    }
  }

  mutating func show(_ slot: Int) {
    suppressed[slot] = false
    reasons[slot] = nil
    shownAnyway.insert(slot)
  }

  mutating func hide(_ slot: Int, _ reason: SuppressionReason) {
    guard table.origin[slot] == .free, !suppressed[slot] else { return }
    suppressed[slot] = true
    reasons[slot] = reason
  }

  /// Every step in order; returns the suppressed counts the audit still finds exposed (none,
  /// unless nothing was left to hide).
  mutating func run() -> Int {
    let n = table.counts[table.population.slot]
    if n < k {
      // Step 6: a table of fewer than k persons shows nothing but its n.
      for slot in table.counts.indices { hide(slot, .tiny) }
    } else {
      if steps.contains(.primary) { primary() }
      if steps.contains(.complement) { complement() }
      if steps.contains(.smallGroups) { smallGroups() }
    }
    if steps.contains(.secondary) { secondary() }
    guard steps.contains(.audit) else {
      return Audit(table, suppressed: suppressed, reasons: reasons).exposedSlots().count + smallGroupLeaks().count
    }
    // A small group's shown cell tells an attribute of fewer than k persons: hidden here too.
    for slot in smallGroupLeaks() { hide(slot, .audit) }
    return auditUntilSafe()
  }

  /// Step 1: 0 < c < k.
  mutating func primary() {
    for slot in table.counts.indices where table.counts[slot] > 0 && table.counts[slot] < k { hide(slot, .primary) }
  }

  /// Step 2: a count of persons with a property whose "without" side is 0 < N - c < k.
  mutating func complement() {
    for slot in table.counts.indices {
      guard let base = table.complementBase[slot], table.counts[slot] > 0 else { continue }
      let without = base - table.counts[slot]
      if without > 0 && without < k { hide(slot, .complement) }
    }
  }

  /// Step 3: a group of fewer than k persons is hidden whole, its zeros too.
  mutating func smallGroups() {
    for group in table.groups where table.counts[group.size] > 0 && table.counts[group.size] < k {
      hide(group.size, .smallGroup)
      for slot in group.cells { hide(slot, .smallGroup) }
    }
  }

  /// Cells shown of a group of 0 < n < k persons (none once step 3 has run).
  func smallGroupLeaks() -> [Int] {
    table.groups.filter { table.counts[$0.size] > 0 && table.counts[$0.size] < k }.flatMap { [$0.size] + $0.cells }
      .filter { !suppressed[$0] }
  }

  /// Step 4, repeated until nothing changes: a set with exactly one suppressed cell gets its
  /// smallest other non-zero cell suppressed too (ties: the first in the set's order). Cells the
  /// reader has from another output are passed over: hiding them again would hide nothing.
  mutating func secondary() {
    // Worked out again on every pass: step 5 may hide a zero as its last resort.
    knownZeros = table.zerosKnown(suppressed: suppressed)
    var changed = true
    while changed {
      changed = false
      for set in table.sets where set.count(where: { suppressed[$0] }) == 1 {
        guard let smallest = smallestCandidate(in: set) else { continue }
        hide(smallest, .secondary)
        changed = true
      }
    }
  }

  func smallestCandidate(in set: [Int], zeros: Bool = false) -> Int? {
    var smallest: Int?
    for slot in set where isCandidate(slot, zeros: zeros) {
      if smallest == nil || table.counts[slot] < table.counts[smallest!] { smallest = slot }
    }
    return smallest
  }

  /// Step 5: shows the cells published anyway (see below); audits, and for every exposed count
  /// suppresses the smallest candidate of a set that holds it (or, when those sets have
  /// none left, of the nearest set that has one; a zero when no other cell is left), runs step 4
  /// again and audits again, until nothing is exposed or nothing is left to hide.
  mutating func auditUntilSafe() -> Int {
    let setsOf = Self.setsHolding(table)
    // Cells the reader works out from the included outputs alone, whatever this table hides:
    // hiding them protects nothing, so they are shown (hidden as a partner by step 4, they
    // would count as exposed) and never taken as a partner again.
    for slot in publishedAnyway() {
      if [.secondary, .audit].contains(reasons[slot]) { show(slot) } else { shownAnyway.insert(slot) }
    }
    while true {
      let audit = Audit(table, suppressed: suppressed, reasons: reasons)
      let exposed = audit.exposedSlots()
      guard !exposed.isEmpty else { return 0 }
      var added = false
      var touched = Set<Int>()
      for slot in exposed {
        guard
          let hideNext = nearestCandidate(from: slot, setsOf: setsOf, avoiding: touched)
            ?? nearestCandidate(from: slot, setsOf: setsOf, avoiding: touched, zeros: true)
        else { continue }
        hide(hideNext, .audit)
        touched.formUnion(setsOf[slot] ?? [])
        added = true
      }
      guard added else { return exposed.count }
      if steps.contains(.secondary) { secondary() }
    }
  }

  /// This table's cells whose value is exact even with every one of them hidden.
  func publishedAnyway() -> [Int] {
    let allHidden = table.origin.indices.map { suppressed[$0] || table.origin[$0] == .free }
    return Audit(table, suppressed: allHidden, reasons: reasons).exposedSlots().filter { table.origin[$0] == .free }
  }

  /// The smallest candidate in the sets holding `slot`, else in the sets next to those, ...
  /// Sets that already got a cell in this round are skipped (that cell may be enough). With
  /// `zeros`, the last resort when no non-zero cell is left: a shown zero can be what gives a
  /// count away (2 gone persons' index is A's index minus a panel whose other rows are zeros).
  func nearestCandidate(from slot: Int, setsOf: [Int: [Int]], avoiding touched: Set<Int>, zeros: Bool = false)
    -> Int?
  {
    let all = Self.allSets(table)
    var frontier = setsOf[slot] ?? []
    guard frontier.allSatisfy({ !touched.contains($0) }) else { return nil }
    var seen = Set(frontier)
    while !frontier.isEmpty {
      var best: Int?
      for set in frontier {
        guard let candidate = smallestCandidate(in: all[set], zeros: zeros) else { continue }
        if best == nil || table.counts[candidate] < table.counts[best!] { best = candidate }
      }
      if let best { return best }
      var next: [Int] = []
      for set in frontier {
        for member in all[set] {
          for neighbour in setsOf[member] ?? [] where seen.insert(neighbour).inserted { next.append(neighbour) }
        }
      }
      frontier = next.sorted()
    }
    return nil
  }

  /// The step 4 sets and the cells of every identity, so a cell tied only by an identity (a
  /// containment) has somewhere to look too.
  static func allSets(_ table: CountTable) -> [[Int]] {
    table.sets + table.relations.map { $0.terms.map(\.slot) }
  }

  static func setsHolding(_ table: CountTable) -> [Int: [Int]] {
    var holding: [Int: [Int]] = [:]
    for (position, set) in allSets(table).enumerated() {
      for slot in set { holding[slot, default: []].append(position) }
    }
    return holding
  }
}

extension CountTable {
  /// Hidden cells a reader knows are 0 all the same: the parts of a whole that is a shown 0, or
  /// whose every cell is known to be 0 (a municipality's hidden group cell under its shown 0).
  func zerosKnown(suppressed: [Bool]) -> Set<Int> {
    var zeros = Set<Int>()
    var changed = true
    while changed {
      changed = false
      for relation in relations where !relation.whole.isEmpty {
        let wholeIsZero = relation.whole.allSatisfy { zeros.contains($0) || (!suppressed[$0] && counts[$0] == 0) }
        guard wholeIsZero else { continue }
        for term in relation.terms where term.coefficient > 0 && suppressed[term.slot] {
          if zeros.insert(term.slot).inserted { changed = true }
        }
      }
    }
    return zeros
  }

  /// Every step of spec section 9, the audit last: the only way from counts to published ones.
  public func publish(minCell: Int = Disclosure.defaultMinCell) -> PublishedCounts {
    publish(minCell: minCell, steps: Set(Suppression.Step.allCases))
  }

  /// With some steps left out: only for the tests that show the audit catching a weakened rule.
  func publish(minCell: Int, steps: Set<Suppression.Step>) -> PublishedCounts {
    var run = Suppression(self, minCell: minCell)
    run.steps = steps
    let exposed = run.run()
    return run.published(exposed: exposed)
  }
}

extension Suppression {
  func published(exposed: Int) -> PublishedCounts {
    var table = table
    table.blocks[table.key] = Array(table.counts.indices)
    // Carried cells keep the reason their own output gave, so the counts cover every layer.
    return PublishedCounts(
      table: table, minCell: k, suppressed: suppressed, reasons: reasons,
      summary: AuditSummary(
        cellsAudited: suppressed.count(where: { $0 }), extraSuppressed: reasons.count(where: { $0 == .audit }),
        exposed: exposed))
  }
}
