/// Rules for one survey within its round (spec section 4). Every problem is reported, not only
/// the first, and each names its field.
extension Survey {
  /// The fields a complete survey needs that this one still lacks, in form order.
  public var missingForComplete: [String] {
    var missing: [String] = []
    if unit == nil { missing.append("unit") }
    if birthYear == nil { missing.append("birthYear") }
    if gender == nil { missing.append("gender") }
    if problemGroup == nil { missing.append("problemGroup") }
    for dimension in Dimension.allCases where scores[dimension] == nil {
      missing.append("scores.\(dimension.rawValue)")
    }
    if substances == nil { missing.append("substances") }
    if lar == nil { missing.append("lar") }
    if plans == nil { missing.append("plans") }
    for key in Children.keys where children[key] == nil { missing.append("children.\(key)") }
    if activity == nil { missing.append("activity") }
    if violence == nil { missing.append("violence") }
    return missing
  }

  /// Every problem with this survey in `round`; empty means it may be saved with its status.
  public func validate(in round: Round) -> [FieldProblem] {
    var problems = decodingProblems
    if format != Survey.format {
      problems.append(FieldProblem("format", "must be \"\(Survey.format)\", found \"\(format.prefix(40))\""))
    }
    if !SurveyID.isValid(id) {
      problems.append(FieldProblem("id", "must be \"p\" or \"r\" and 16 letters a-z or digits 2-7"))
    }
    if revision < 1, !problems.contains(where: { $0.field == "revision" }) {
      problems.append(FieldProblem("revision", "must be 1 or more"))
    } else if revision > 1_000_000_000 {
      // Far beyond any real count of saves; also keeps every "revision + 1" from trapping.
      problems.append(FieldProblem("revision", "\(revision) is not a plausible revision"))
    }
    if let unit, round.unit(unit) == nil {
      let known = round.units.map(\.id).joined(separator: ", ")
      problems.append(FieldProblem("unit", "\"\(unit.prefix(40))\" is not a unit of this round (units: \(known))"))
    }
    if let birthYear {
      // A damaged file may hold any number; an age that overflows is simply implausible.
      let (age, overflow) = round.year.subtractingReportingOverflow(birthYear)
      if overflow {
        problems.append(FieldProblem("birthYear", "\(birthYear) is not a plausible birth year"))
      } else if age < 16 {
        problems.append(
          FieldProblem(
            "birthYear", "\(birthYear) gives age \(age) in \(round.year); the mapping covers persons aged 16 or over"))
      } else if age > 120 {
        problems.append(
          FieldProblem("birthYear", "\(birthYear) gives age \(age) in \(round.year), which is not plausible"))
      }
    }
    let catalogue = round.catalogue
    for serviceId in services.keys.sorted() where !catalogue.contains(serviceId) {
      problems.append(FieldProblem("services.\(serviceId.prefix(64))", "is not a service of this round's catalogue"))
    }
    if children.hasChildren == false {
      for key in ["custody", "contact"] where children[key] == true {
        problems.append(FieldProblem("children.\(key)", "cannot be true when hasChildren is false"))
      }
    }
    if status == .complete {
      for field in missingForComplete where !problems.contains(where: { $0.field == field }) {
        problems.append(FieldProblem(field, "is required for a complete survey"))
      }
    }
    return problems
  }
}

/// Survey ids: "p" + 16 base32 characters (a pseudonym) or "r" + 16 (a random id).
public enum SurveyID {
  public static func isValid(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    guard bytes.count == 17, bytes[0] == UInt8(ascii: "p") || bytes[0] == UInt8(ascii: "r") else {
      return false
    }
    return bytes.dropFirst().allSatisfy { (97...122).contains($0) || (50...55).contains($0) }
  }
}
