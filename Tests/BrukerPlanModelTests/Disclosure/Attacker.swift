import CGlpk
import Testing

@testable import BrukerPlanModel

/// An attacker written apart from the product's audit: it reads only what outputs print
/// (published cells, percents, growth figures, means), knows the identities a reader knows, and
/// looks for suppressed counts it can work out exactly. Each suppressed count is an unknown
/// (the same count in two outputs is one unknown); for each, it asks GLPK for solutions that push
/// it up and down, and checks every solution itself, in integers, against every identity. A count
/// is safe only when a checked solution gives it another value than the true one.
struct Attacker {
  enum Value {
    case shown(Int)
    case unknown(Int)
  }

  struct Row {
    var terms: [Int: Int]
    var limit: Int
    var isEquality: Bool
  }

  private(set) var truths: [Int] = []
  private(set) var bounds: [Int] = []
  private(set) var labels: [String] = []
  private(set) var rows: [Row] = []
  private var byKey: [String: Value] = [:]
  private var zeroByWhole = Set<Int>()
  /// Every relation as read, for telling a zero or figure that is published under another name.
  private var relations: [(parts: [Value], whole: [Value], exact: Bool)] = []
  /// Groups of fewer than k persons that show a cell.
  var smallGroupsShown: [String] = []

  /// One published count, by a key naming the real quantity (so two outputs share it).
  mutating func observe(_ cell: Cell, truth: Int, bound: Int, key: String) -> Value {
    if let count = cell.count {
      if case .unknown(let unknown)? = byKey[key] {
        rows.append(Row(terms: [unknown: 1], limit: count, isEquality: true))
      }
      byKey[key] = .shown(count)
      return .shown(count)
    }
    if let known = byKey[key] { return known }
    truths.append(truth)
    bounds.append(bound)
    labels.append(key)
    let value = Value.unknown(truths.count - 1)
    byKey[key] = value
    return value
  }

  /// sum(parts) == whole, by the keys the counts were observed under; keys never observed are
  /// left out (a group a municipality does not have).
  mutating func relate(keys parts: [String], to whole: String) {
    guard let total = byKey[whole] else { return }
    relate(parts.compactMap { byKey[$0] }, [total], exact: true)
  }

  /// sum(parts) == sum(whole) (or <= when `exact` is false).
  mutating func relate(_ parts: [Value], _ whole: [Value], exact: Bool) {
    relations.append((parts, whole, exact))
    var terms: [Int: Int] = [:]
    var limit = 0
    for (values, sign) in [(parts, 1), (whole, -1)] {
      for value in values {
        switch value {
        case .shown(let count): limit -= sign * count
        case .unknown(let unknown): terms[unknown, default: 0] += sign
        }
      }
    }
    let wholeIsShownZero =
      !whole.isEmpty && whole.allSatisfy { if case .shown(0) = $0 { true } else { false } }
    if wholeIsShownZero {
      for case .unknown(let unknown) in parts { zeroByWhole.insert(unknown) }
    }
    terms = terms.filter { $0.value != 0 }
    guard !terms.isEmpty else { return }
    rows.append(Row(terms: terms, limit: limit, isEquality: exact))
  }

  /// The keys of the unknowns whose only consistent value is the true one.
  func exposed() -> [String] {
    guard !truths.isEmpty else { return smallGroupsShown }
    let problem = glp_create_prob()!
    defer { glp_delete_prob(problem) }
    glp_term_out(GLP_OFF)
    glp_add_cols(problem, Int32(truths.count))
    for (index, bound) in bounds.enumerated() {
      glp_set_col_bnds(problem, Int32(index + 1), bound == 0 ? GLP_FX : GLP_DB, 0, Double(bound))
      glp_set_col_kind(problem, Int32(index + 1), GLP_IV)
    }
    if !rows.isEmpty {
      glp_add_rows(problem, Int32(rows.count))
      var rowIndex: [Int32] = [0]
      var columnIndex: [Int32] = [0]
      var values: [Double] = [0]
      for (number, row) in rows.enumerated() {
        glp_set_row_bnds(
          problem, Int32(number + 1), row.isEquality ? GLP_FX : GLP_UP, Double(row.limit), Double(row.limit))
        for (unknown, coefficient) in row.terms {
          rowIndex.append(Int32(number + 1))
          columnIndex.append(Int32(unknown + 1))
          values.append(Double(coefficient))
        }
      }
      glp_load_matrix(problem, Int32(values.count - 1), rowIndex, columnIndex, values)
    }
    var safe = [Bool](repeating: false, count: truths.count)
    func witness(_ unknown: Int, maximise: Bool) {
      glp_set_obj_coef(problem, Int32(unknown + 1), 1)
      defer { glp_set_obj_coef(problem, Int32(unknown + 1), 0) }
      glp_set_obj_dir(problem, maximise ? GLP_MAX : GLP_MIN)
      var parameters = glp_iocp()
      glp_init_iocp(&parameters)
      parameters.presolve = GLP_ON
      parameters.msg_lev = GLP_MSG_OFF
      guard glp_intopt(problem, &parameters) == 0, glp_mip_status(problem) == GLP_OPT else { return }
      let solution = (0..<truths.count).map { Int(glp_mip_col_val(problem, Int32($0 + 1)).rounded()) }
      guard satisfies(solution) else { return }
      for index in solution.indices where solution[index] != truths[index] { safe[index] = true }
    }
    for unknown in truths.indices where !safe[unknown] {
      witness(unknown, maximise: true)
      if !safe[unknown] { witness(unknown, maximise: false) }
    }
    let (zeros, figures) = publishedUnderAnotherName()
    return smallGroupsShown
      + truths.indices.filter { !safe[$0] && !(truths[$0] == 0 && zeros.contains($0)) && !figures.contains($0) }
      .map { labels[$0] }
  }

  /// Unknowns that are 0 because a whole they are part of is a shown 0 (directly or through
  /// such unknowns) or because all their parts are, and unknowns equal, one to one, to a shown
  /// figure (or to such an unknown).
  func publishedUnderAnotherName() -> (zeros: Set<Int>, figures: Set<Int>) {
    var zeros = zeroByWhole
    var figures = Set<Int>()
    func known(_ value: Value, zero: Bool) -> Bool {
      switch value {
      case .shown(let count): !zero || count == 0
      case .unknown(let unknown): zero ? zeros.contains(unknown) : figures.contains(unknown)
      }
    }
    var changed = true
    while changed {
      changed = false
      for relation in relations {
        if !relation.whole.isEmpty, relation.whole.allSatisfy({ known($0, zero: true) }) {
          for case .unknown(let unknown) in relation.parts where zeros.insert(unknown).inserted { changed = true }
        }
        // A whole made of parts that are all published zeros is a published zero too.
        if relation.exact, relation.whole.count == 1, case .unknown(let whole) = relation.whole[0],
          !relation.parts.isEmpty, relation.parts.allSatisfy({ known($0, zero: true) }), zeros.insert(whole).inserted
        {
          changed = true
        }
        guard relation.exact, relation.parts.count == 1, relation.whole.count == 1 else { continue }
        if known(relation.whole[0], zero: false), case .unknown(let part) = relation.parts[0],
          figures.insert(part).inserted
        {
          changed = true
        }
        if known(relation.parts[0], zero: false), case .unknown(let whole) = relation.whole[0],
          figures.insert(whole).inserted
        {
          changed = true
        }
      }
    }
    return (zeros, figures)
  }

  /// Checks a solution in integers: bounds and every row.
  func satisfies(_ solution: [Int]) -> Bool {
    guard solution.indices.allSatisfy({ solution[$0] >= 0 && solution[$0] <= bounds[$0] }) else { return false }
    return rows.allSatisfy { row in
      let sum = row.terms.reduce(0) { $0 + $1.value * solution[$1.key] }
      return row.isEquality ? sum == row.limit : sum <= row.limit
    }
  }
}
