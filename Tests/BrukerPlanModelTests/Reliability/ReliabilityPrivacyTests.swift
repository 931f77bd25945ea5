import Foundation
import Testing

@testable import BrukerPlanModel

/// The fødselsnummer never reaches disk, a log or a message; files and folders are owner-only.
@Suite struct ReliabilityPrivacyTests {
  /// The scanner itself finds a number written plainly, with separators, or inside other text.
  @Test func scannerFindsPlantedNumbers() throws {
    let numbers = SyntheticNumbers.make(3, seed: 7)
    let spaced: String = numbers[1].prefix(6) + " " + numbers[1].dropFirst(6)
    let dashed: String = "x" + numbers[2].prefix(6) + "-" + numbers[2].dropFirst(6) + "y"
    for (index, planted) in [numbers[0], spaced, dashed].enumerated() {
      var scanner = PrivacyScanner(numbers: numbers)
      scanner.scan("{\"note\": \"\(planted)\"}", source: "planted \(index)")
      #expect(scanner.hits.count == 1, "\(index)")
    }
    var clean = PrivacyScanner(numbers: numbers)
    let near: String = "2024-11-20T10:15:00Z 12345678901 " + numbers[0].dropLast()
    clean.scan(near, source: "clean")
    #expect(clean.hits.isEmpty)
  }

  @Test func syntheticNumbersAreValid() throws {
    for number in SyntheticNumbers.make(200, seed: 11) {
      #expect(throws: Never.self) { try NationalIdentityNumber(number) }
    }
  }

  /// The model's own path: numbers become pseudonyms, surveys are saved, updated and deleted; bad
  /// numbers give messages. Nothing written or said holds a number; every file is 0600, every folder 0700.
  @Test func numbersNeverReachTheStoreOrAMessage() throws {
    let folder = TemporaryFolder()
    let (store, roundFolder) = try folder.storeWithRound()
    let numbers = SyntheticNumbers.make(60, seed: 2_024)
    var scanner = PrivacyScanner(numbers: numbers)
    for (index, text) in numbers.enumerated() {
      let number = try NationalIdentityNumber(text)
      scanner.scan("\(number) \(String(describing: number)) \(String(reflecting: number))", source: "description")
      var survey = Samples.complete(id: store.pseudonym(for: number))
      survey.birthYear = number.birthYear
      survey.gender = number.gender
      let saved = try roundFolder.save(survey, baseRevision: nil, round: Samples.round)
      if index % 3 == 0 { try roundFolder.save(saved, baseRevision: 1, round: Samples.round) }
      if index % 7 == 0 { try roundFolder.delete(saved.id, round: Samples.round) }
      // A mistyped number: the message names the problem, never the digits.
      var wrong = Array(text)
      wrong[10] = wrong[10] == "0" ? "1" : "0"
      do {
        _ = try NationalIdentityNumber(String(wrong))
      } catch {
        scanner.scan(error.message(.norwegian) + error.message(.english) + "\(error)", source: "problem message")
      }
    }
    let files = scanner.scanTree(folder.path)
    #expect(scanner.hits.isEmpty, "\(scanner.hits)")
    Figures.report("privacy.model.bytesScanned", scanner.bytesScanned, detail: "\(files) files, 60 numbers")
    try expectOwnerOnly(folder.path + "/store")
  }

  /// Every file 0600 and every folder 0700 under `path`.
  func expectOwnerOnly(_ path: String) throws {
    #expect(FileSystem.permissions(path) == 0o700)
    let walker = try #require(FileManager.default.enumerator(atPath: path))
    while let name = walker.nextObject() as? String {
      let file = path + "/" + name
      let mode = try #require(FileSystem.permissions(file))
      #expect(mode == (FileSystem.isFolder(file) ? 0o700 : 0o600), "\(name): \(String(mode, radix: 8))")
    }
  }

  /// The key must be the owner's alone: any group or other bit is refused with the fix in the message.
  @Test(arguments: [0o640, 0o604, 0o620, 0o602, 0o610, 0o601, 0o660, 0o666, 0o777] as [mode_t])
  func keyOpenToOthersIsRefused(mode: mode_t) throws {
    let folder = TemporaryFolder()
    _ = try Store.open(folder.path)
    let key = folder.path + "/.brukerplan/key"
    chmod(key, mode)
    #expect {
      try Store.open(folder.path)
    } throws: { error in
      "\(error)"
        == "\(key): is readable by other users (mode \(String(mode, radix: 8))); refusing to use it. Run: chmod 600 \(key)"
    }
  }

  @Test func keyReadOnlyForTheOwnerIsAccepted() throws {
    let folder = TemporaryFolder()
    let first = try Store.open(folder.path)
    chmod(folder.path + "/.brukerplan/key", 0o400)
    #expect(try Store.open(folder.path).keyBytes == first.keyBytes)
  }

  @Test func keyThatIsASymlinkOrDamagedIsRefused() throws {
    let folder = TemporaryFolder()
    _ = try Store.open(folder.path)
    let key = folder.path + "/.brukerplan/key"
    let elsewhere = folder.path + "/elsewhere-key"
    try FileManager.default.moveItem(atPath: key, toPath: elsewhere)
    try FileManager.default.createSymbolicLink(atPath: key, withDestinationPath: elsewhere)
    #expect(throws: FileSystem.Failure.self) { try Store.open(folder.path) }
    unlink(key)
    try Data("abc\n".utf8).write(to: URL(fileURLWithPath: key))
    chmod(key, 0o600)
    #expect {
      try Store.open(folder.path)
    } throws: { error in
      "\(error)" == "\(key): is not 64 hexadecimal characters; the store key is damaged"
    }
  }

  @Test func redactionMasksLongDigitRunsOnly() {
    #expect(Redaction.identityNumbers(in: "unknown unit \"01020312345\"") == "unknown unit \"•••••••••••\"")
    #expect(Redaction.identityNumbers(in: "a 010203 12345 b") == "a ••••••••••• b")
    #expect(Redaction.identityNumbers(in: "010203-12345.") == "•••••••••••.")
    #expect(Redaction.identityNumbers(in: "010.203.123.45") == "•••••••••••")
    let kept = [
      "line 12, column birthYear: 1980 gives age 15", "2024-11-20T10:15:00Z", "is 1048577 bytes, more than 1048576",
      "0102031234", "12 345 678",
    ]
    for text in kept { #expect(Redaction.identityNumbers(in: text) == text) }
  }

  /// A number typed into the wrong field of a survey file is never echoed by the problem message.
  @Test func numberInTheWrongFieldIsNotEchoed() throws {
    let numbers = SyntheticNumbers.make(4, seed: 99)
    var scanner = PrivacyScanner(numbers: numbers)
    for (index, number) in numbers.enumerated() {
      var text = String(decoding: SurveyJSON.bytes(Samples.complete()), as: UTF8.self)
      let shown: String = index % 2 == 0 ? number : number.prefix(6) + " " + number.dropFirst(6)
      let replacements = [
        ("\"nav\"", "\"\(shown)\""), ("\"female\"", "\"\(shown)\""), ("\"alcohol\"", "\"\(shown)\""),
        ("\"socialServices\"", "\"\(shown)\""),
      ]
      text = text.replacingOccurrences(of: replacements[index].0, with: replacements[index].1)
      let result = RoundFolder.decodeSurvey(
        Array(text.utf8), path: "surveys/paaaaaaaaaaaaaaaa.json", expectedID: nil, round: Samples.round)
      guard case .failure(let problem) = result else {
        Issue.record("a number as \(replacements[index].0) was accepted")
        continue
      }
      #expect(problem.description.contains(Redaction.mask), "\(problem)")
      scanner.scan(problem.description, source: "problem \(index)")
    }
    #expect(scanner.hits.isEmpty, "\(scanner.hits)")
  }
}
