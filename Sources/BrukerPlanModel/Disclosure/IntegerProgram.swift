import CGlpk
import Foundation

/// Integer unknowns 0...upper bound under linear rows, solved with GLPK. The rows are split into
/// independent parts first (most suppressed cells share no identity with most others), so each
/// program stays small. GLPK is called under one lock, quietly, with presolve; the same problem
/// gives the same answer on every run.
enum IntegerProgram {
  struct Row {
    /// (unknown, coefficient)
    var terms: [(Int, Int)]
    /// sum(terms) == limit, or <= limit.
    var limit: Int
    var isEquality: Bool
  }

  /// GLPK keeps its state per thread at best; one program at a time, whatever thread asks.
  private static let lock = NSLock()

  /// The smallest and largest value of each unknown (nil where the solver failed).
  static func ranges(upperBounds: [Int], rows: [Row]) -> [ClosedRange<Int>?] {
    var result = [ClosedRange<Int>?](repeating: nil, count: upperBounds.count)
    solveParts(upperBounds: upperBounds, rows: rows) { unknowns, program in
      for (position, unknown) in unknowns.enumerated() {
        guard let program else {
          result[unknown] = 0...upperBounds[unknown]
          continue
        }
        let objective = [position: 1.0]
        guard let low = program.optimum(objective, maximise: false)?.value,
          let high = program.optimum(objective, maximise: true)?.value, low <= high
        else { continue }
        result[unknown] = low...high
      }
    }
    return result
  }

  /// Which unknowns can take no value but `truths` (a feasible solution). Cheaper than `ranges`:
  /// every solution found marks each unknown it moves away from its true value as free, so a few
  /// programs over sums settle most unknowns before any is tried alone.
  static func pinned(upperBounds: [Int], truths: [Int], rows: [Row]) -> [Bool] {
    var result = [Bool](repeating: false, count: upperBounds.count)
    solveParts(upperBounds: upperBounds, rows: rows) { unknowns, program in
      guard let program else { return }  // no rows: each unknown is free in 0...its bound
      var open = Set(unknowns.indices.filter { upperBounds[unknowns[$0]] > 0 })
      for position in unknowns.indices where !open.contains(position) { result[unknowns[position]] = true }
      func settle(_ objective: [Int: Double], maximise: Bool) -> Bool {
        guard let solution = program.optimum(objective, maximise: maximise)?.solution else { return false }
        let moved = open.filter { solution[$0] != truths[unknowns[$0]] }
        open.subtract(moved)
        return !moved.isEmpty
      }
      while !open.isEmpty {
        let all = Dictionary(uniqueKeysWithValues: open.map { ($0, 1.0) })
        if settle(all, maximise: true) || settle(all, maximise: false) { continue }
        // Neither sum moved anything: try each unknown alone, both ways.
        for position in open.sorted() where open.contains(position) {
          if !settle([position: 1], maximise: true), !settle([position: 1], maximise: false) {
            open.remove(position)
            result[unknowns[position]] = true
          }
        }
      }
    }
    return result
  }

  /// Splits the rows into independent parts and hands each part's unknowns (global positions)
  /// and its program (nil when the part has no rows) to `body`, under the lock.
  private static func solveParts(upperBounds: [Int], rows: [Row], _ body: ([Int], Program?) -> Void) {
    var parent = Array(upperBounds.indices)
    func root(_ unknown: Int) -> Int {
      var unknown = unknown
      while parent[unknown] != unknown {
        parent[unknown] = parent[parent[unknown]]
        unknown = parent[unknown]
      }
      return unknown
    }
    for row in rows {
      for (unknown, _) in row.terms.dropFirst() {
        let (one, other) = (root(row.terms[0].0), root(unknown))
        if one != other { parent[max(one, other)] = min(one, other) }
      }
    }
    var unknownsOf: [Int: [Int]] = [:]
    for unknown in upperBounds.indices { unknownsOf[root(unknown), default: []].append(unknown) }
    var rowsOf: [Int: [Row]] = [:]
    for row in rows { rowsOf[root(row.terms[0].0), default: []].append(row) }
    lock.lock()
    defer { lock.unlock() }
    glp_term_out(GLP_OFF)
    for part in unknownsOf.keys.sorted() {
      let unknowns = unknownsOf[part]!
      guard let partRows = rowsOf[part] else {
        body(unknowns, nil)
        continue
      }
      let program = Program(unknowns.map { upperBounds[$0] }, partRows, local: unknowns)
      body(unknowns, program)
    }
  }

  /// One part as a GLPK problem; unknowns by their position in the part.
  final class Program {
    let problem: OpaquePointer
    let size: Int

    init(_ upperBounds: [Int], _ rows: [Row], local: [Int]) {
      var position: [Int: Int32] = [:]
      for (index, unknown) in local.enumerated() { position[unknown] = Int32(index + 1) }
      problem = glp_create_prob()!
      size = upperBounds.count
      glp_add_rows(problem, Int32(rows.count))
      glp_add_cols(problem, Int32(upperBounds.count))
      // GLPK's arrays start at 1; element 0 is ignored.
      var rowIndex: [Int32] = [0]
      var columnIndex: [Int32] = [0]
      var values: [Double] = [0]
      for (number, row) in rows.enumerated() {
        let glpRow = Int32(number + 1)
        let limit = Double(row.limit)
        glp_set_row_bnds(problem, glpRow, row.isEquality ? GLP_FX : GLP_UP, limit, limit)
        for (unknown, coefficient) in row.terms {
          rowIndex.append(glpRow)
          columnIndex.append(position[unknown]!)
          values.append(Double(coefficient))
        }
      }
      for (index, bound) in upperBounds.enumerated() {
        let glpColumn = Int32(index + 1)
        glp_set_col_bnds(problem, glpColumn, bound == 0 ? GLP_FX : GLP_DB, 0, Double(bound))
        glp_set_col_kind(problem, glpColumn, GLP_IV)
      }
      glp_load_matrix(problem, Int32(values.count - 1), rowIndex, columnIndex, values)
    }

    deinit { glp_delete_prob(problem) }

    /// The optimum of sum(objective) and one solution that reaches it; nil if GLPK failed.
    func optimum(_ objective: [Int: Double], maximise: Bool) -> (value: Int, solution: [Int])? {
      for (position, coefficient) in objective { glp_set_obj_coef(problem, Int32(position + 1), coefficient) }
      defer { for position in objective.keys { glp_set_obj_coef(problem, Int32(position + 1), 0) } }
      glp_set_obj_dir(problem, maximise ? GLP_MAX : GLP_MIN)
      guard cg_solve_quiet(problem) == 0, glp_mip_status(problem) == GLP_OPT else { return nil }
      let solution = (0..<size).map { Int(glp_mip_col_val(problem, Int32($0 + 1)).rounded()) }
      return (Int(glp_mip_obj_val(problem).rounded()), solution)
    }
  }
}
