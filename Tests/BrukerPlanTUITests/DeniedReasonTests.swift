import BrukerPlanModel
import Foundation
import Testing

@testable import BrukerPlanTUI

/// A served store's refusals read in Norwegian in the Norwegian UI (issue 12).
@Suite struct DeniedReasonTests {
  let norwegian = Strings(.norwegian)

  @Test func everyFixedRefusalOfTheServerHasANorwegianText() throws {
    // The literal reasons GuardedStoreService gives, read from its source, so a new one without
    // a Norwegian text fails here.
    let source = try String(
      contentsOfFile: #filePath.replacingOccurrences(
        of: "Tests/BrukerPlanTUITests/DeniedReasonTests.swift",
        with: "Sources/BrukerPlanModel/Service/GuardedStoreService.swift"), encoding: .utf8)
    let literals = source.components(separatedBy: "\n").compactMap { line -> String? in
      guard line.contains("refuse(") || line.contains(".denied(\"") else { return nil }
      guard let last = line.split(separator: "\"", omittingEmptySubsequences: false).dropLast().last,
        !last.contains("\\("), last.count > 12
      else { return nil }
      return String(last)
    }
    #expect(literals.count >= 8)
    for reason in literals { #expect(norwegian.deniedReason(reason) != reason, "\(reason)") }
  }

  @Test func refusalsWithNamesKeepTheirNames() {
    #expect(
      norwegian.deniedReason("your role (coordinator) sees no person-level answers")
        == "rollen din (coordinator) ser ingen svar på personnivå")
    #expect(
      norwegian.deniedReason("unit rus is not one of your units (nav, psyk)")
        == "enheten rus er ikke en av dine enheter (nav, psyk)")
    #expect(
      norwegian.deniedReason(
        "the user kari has no access to this store; an admin can run: brukerplan-tui access grant kari --role caseworker --unit UNIT"
      ).hasPrefix("brukeren kari har ikke tilgang til dette lageret; en administrator kan kjøre: brukerplan-tui access")
    )
    #expect(Strings(.english).deniedReason("the audit log is for admins") == "the audit log is for admins")
    #expect(norwegian.deniedReason("something new") == "something new")
  }
}
