import Foundation

let round = Round(
  municipality: .init(code: "9901", name: "Testvik"), year: 2024,
  units: [.init(id: "nav", name: "NAV", kind: .nav)])

/// The steps of RoundFolder.decodeSurvey and loadRound (Store.swift needs swift-crypto, so the
/// harness repeats its three lines): byte limits, decoding, validation, and a save's re-encoding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if JSONLimits.survey.check(bytes) == nil, let survey = try? JSONDecoder().decode(Survey.self, from: Data(bytes)) {
    if survey.validate(in: round).isEmpty {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      _ = try! encoder.encode(survey)
    }
  }
  if JSONLimits.round.check(bytes) == nil, let round = try? JSONDecoder().decode(Round.self, from: Data(bytes)) {
    _ = round.validate()
  }
  return 0
}
