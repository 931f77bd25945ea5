import CGlpk
import Foundation

/// Step 5 of spec section 9: the published cells checked as an attacker would. Every suppressed
/// count is an integer unknown between 0 and its table's n; every shown count is known; every
/// identity of the table (sums, linked sets, containments, the identities of the outputs it
/// includes) is a constraint. The smallest and largest value of each unknown come from an
/// integer program (GLPK). Where they are equal the count is exposed, unless it is 0 because a
/// total it belongs to is a shown 0 (then the zero is published anyway).
struct Audit {
  let table: CountTable
  let suppressed: [Bool]
  let reasons: [SuppressionReason?]
  /// The suppressed slots, one unknown each, in table order.
  private var unknowns: [Int] = []
  private var rows: [IntegerProgram.Row] = []
  private var zeroByTotal = Set<Int>()
  private var sameAsShown = Set<Int>()

  init(_ table: CountTable, suppressed: [Bool], reasons: [SuppressionReason?]) {
    self.table = table
    self.suppressed = suppressed
    self.reasons = reasons
    build()
  }

  /// Suppressed counts whose smallest and largest value are the same (and not a published zero).
  func exposedSlots() -> [Int] {
    guard !unknowns.isEmpty else { return [] }
    let pinned = IntegerProgram.pinned(
      upperBounds: unknowns.map { table.upperBound[$0] }, truths: unknowns.map { table.counts[$0] }, rows: rows)
    return zip(unknowns, pinned).filter { slot, isPinned in isPinned && !isZeroByTotal(slot) }.map(\.0)
  }

  /// Every suppressed count with its interval (two integer programs each).
  func cells() -> [AuditedCell] {
    guard !unknowns.isEmpty else { return [] }
    let ranges = IntegerProgram.ranges(upperBounds: unknowns.map { table.upperBound[$0] }, rows: rows)
    return zip(unknowns, ranges).map { slot, range in
      // A solver failure counts as exposed: the audit never passes a cell it could not check.
      let interval = range ?? table.counts[slot]...table.counts[slot]
      return AuditedCell(
        name: table.names[slot], reason: reasons[slot] ?? .primary, interval: interval,
        isExposed: interval.lowerBound == interval.upperBound && !isZeroByTotal(slot))
    }
  }

  private func isZeroByTotal(_ slot: Int) -> Bool {
    (table.counts[slot] == 0 && zeroByTotal.contains(slot)) || sameAsShown.contains(slot)
  }

  private mutating func build() {
    unknowns = table.counts.indices.filter { suppressed[$0] }
    var column: [Int: Int] = [:]
    for (position, slot) in unknowns.enumerated() { column[slot] = position }
    for relation in table.relations {
      var constant = 0
      var terms: [Int: Int] = [:]
      for term in relation.terms {
        if let position = column[term.slot] {
          terms[position, default: 0] += term.coefficient
        } else {
          constant += term.coefficient * table.counts[term.slot]
        }
      }
      terms = terms.filter { $0.value != 0 }
      guard !terms.isEmpty else { continue }
      rows.append(
        IntegerProgram.Row(
          terms: terms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, limit: -constant,
          isEquality: relation.isEquality))
      let wholeShownZero =
        !relation.whole.isEmpty && relation.whole.allSatisfy { !suppressed[$0] && table.counts[$0] == 0 }
      if wholeShownZero {
        for term in relation.terms where term.coefficient > 0 { zeroByTotal.insert(term.slot) }
      }
    }
    for slot in unknowns where table.upperBound[slot] == 0 { zeroByTotal.insert(slot) }
    propagateShownValues()
  }

  /// Cells that are a shown figure under another name: a part whose whole is a shown zero (or
  /// such a cell) is 0, so is each side of an equality whose other side is all such zeros, and
  /// a cell that is alone equal to a shown figure (or such a cell) is that figure; their exact
  /// value is published already, so it is no exposure.
  private mutating func propagateShownValues() {
    func isShownOrForced(_ slot: Int, zero: Bool) -> Bool {
      (!suppressed[slot] && (!zero || table.counts[slot] == 0)) || (zero && zeroByTotal.contains(slot))
        || (!zero && sameAsShown.contains(slot))
    }
    var changed = true
    while changed {
      changed = false
      for relation in table.relations {
        let parts = relation.terms.filter { $0.coefficient > 0 }.map(\.slot)
        if !relation.whole.isEmpty, relation.whole.allSatisfy({ isShownOrForced($0, zero: true) }) {
          for slot in parts where zeroByTotal.insert(slot).inserted { changed = true }
        }
        // In an equality, a side made only of zeros makes the other side zeros too (no count is
        // negative): a whole of zero parts; the followed who got a service B shows 0 persons have.
        if relation.isEquality {
          let minus = relation.terms.filter { $0.coefficient < 0 }.map(\.slot)
          for (side, other) in [(parts, minus), (minus, parts)]
          where !side.isEmpty && side.allSatisfy({ isShownOrForced($0, zero: true) }) {
            for slot in other where zeroByTotal.insert(slot).inserted { changed = true }
          }
        }
        // One part equal to one whole: the same count under two names.
        guard relation.isEquality, parts.count == 1, relation.whole.count == 1 else { continue }
        let (part, whole) = (parts[0], relation.whole[0])
        if isShownOrForced(whole, zero: false), sameAsShown.insert(part).inserted { changed = true }
        if isShownOrForced(part, zero: false), sameAsShown.insert(whole).inserted { changed = true }
      }
    }
  }
}
