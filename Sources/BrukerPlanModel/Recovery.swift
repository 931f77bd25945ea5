import Foundation

/// Autosaved copies that must not overwrite what is in the round: `<round>/.recovery/<id>.json`.
/// They are offered when the survey is next opened, and removed once it is saved or discarded.
public enum Recovery {
  public static func folder(_ round: RoundFolder) -> String { "\(round.path)/.recovery" }

  public static func save(_ survey: Survey, in round: RoundFolder) throws(FileSystem.Failure) {
    // Ids are checked before they touch a path; the app only makes valid ones.
    guard SurveyID.isValid(survey.id) else { return }
    try FileSystem.makeFolder(folder(round))
    try FileSystem.writeAtomically(SurveyJSON.bytes(survey), to: "\(folder(round))/\(survey.id).json")
  }

  public static func load(_ round: RoundFolder) -> [String: Survey] {
    guard FileSystem.isFolder(folder(round)), let names = try? FileSystem.list(folder(round)) else { return [:] }
    var copies: [String: Survey] = [:]
    for name in names where name.hasSuffix(".json") {
      let id = String(name.dropLast(5))
      guard SurveyID.isValid(id),
        let bytes = try? FileSystem.readFile("\(folder(round))/\(name)", limit: RoundFolder.maximumSurveyBytes),
        let survey = try? JSONDecoder().decode(Survey.self, from: Data(bytes)), survey.id == id
      else { continue }
      copies[id] = survey
    }
    return copies
  }

  public static func remove(_ id: String, in round: RoundFolder) {
    guard SurveyID.isValid(id) else { return }
    unlink("\(folder(round))/\(id).json")
  }
}
