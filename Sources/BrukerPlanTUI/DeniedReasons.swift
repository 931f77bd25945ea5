/// A served store's refusals arrive in English (the CLI prints them as they are); a caseworker in
/// the Norwegian UI reads them in Norwegian. The server's reasons are a fixed set
/// (GuardedStoreService); one this table does not know is shown as it came.
extension Strings {
  func deniedReason(_ reason: String) -> String {
    guard language == .norwegian else { return reason }
    if let fixed = Self.norwegianDenials[reason] { return fixed }
    // "your role (coordinator) sees no person-level answers"
    if let role = reason.between("your role (", ") sees no person-level answers") {
      return "rollen din (\(role)) ser ingen svar på personnivå"
    }
    // "unit rus is not one of your units (nav)"
    if let unit = reason.between("unit ", " is not one of your units ("),
      let mine = reason.between("of your units (", ")")
    {
      return "enheten \(unit) er ikke en av dine enheter (\(mine))"
    }
    // "the user kari has no access to this store; an admin can run: …"
    if let user = reason.between("the user ", " has no access to this store"),
      let command = reason.components(separatedBy: "an admin can run: ").last, reason.contains("an admin can run: ")
    {
      return "brukeren \(user) har ikke tilgang til dette lageret; en administrator kan kjøre: \(command)"
    }
    return reason
  }

  static let norwegianDenials = [
    "reports are for coordinators and admins": "rapporter er for koordinatorer og administratorer",
    "comparisons are for coordinators and admins": "sammenligninger er for koordinatorer og administratorer",
    "the round desk is for coordinators and admins": "rundeoversikten er for koordinatorer og administratorer",
    "closing a round is for coordinators and admins":
      "å lukke eller gjenåpne en runde er for koordinatorer og administratorer",
    "a person-level export needs a unit; coordinators get reports":
      "uttrekk på personnivå krever en enhet; koordinatorer får rapporter",
    "the audit log is for admins": "revisjonsloggen er for administratorer",
    "only an admin creates rounds": "bare en administrator lager runder",
    "registering persons needs a unit; ask an admin": "å registrere personer krever en enhet; spør en administrator",
    "only an admin sees the access list": "bare en administrator ser tilgangslisten",
    "only an admin changes access": "bare en administrator endrer tilganger",
  ]
}

extension String {
  /// The text between `start` and the next `end`, when both are there.
  fileprivate func between(_ start: String, _ end: String) -> String? {
    guard let from = range(of: start), let to = range(of: end, range: from.upperBound..<endIndex) else { return nil }
    return String(self[from.upperBound..<to.lowerBound])
  }
}
