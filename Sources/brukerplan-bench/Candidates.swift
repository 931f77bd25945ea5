import BrukerPlanModel
import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ways of loading a round's surveys that were weighed before the fast loader was chosen.
/// Each returns how many files it read or surveys it decoded, so no work can be optimised away.
enum Candidates {
  /// Runs `body` over `count` items in chunks on `threads` threads; sums what the chunks return.
  static func chunked(_ count: Int, threads: Int, _ body: @escaping @Sendable (Range<Int>) -> Int) -> Int {
    let chunkSize = threads == 1 ? max(count, 1) : max(64, count / (threads * 16))
    let chunks = (count + chunkSize - 1) / chunkSize
    let total = Total()
    let work: @Sendable (Int) -> Void = { chunk in
      total.add(body(chunk * chunkSize..<min(count, (chunk + 1) * chunkSize)))
    }
    if threads == 1 {
      for chunk in 0..<chunks { work(chunk) }
    } else {
      DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
    }
    return total.value
  }

  final class Total: @unchecked Sendable {
    private let lock = NSLock()
    private var sum = 0
    func add(_ value: Int) { lock.withLock { sum += value } }
    var value: Int { lock.withLock { sum } }
  }

  /// The floor: every file's bytes with plain open/read into a reused buffer.
  static func rawRead(_ folder: RoundFolder, threads: Int) throws -> Int {
    let names = try folder.surveyFileNamesFast()
    let base = folder.surveysPath
    return chunked(names.count, threads: threads) { range in
      var buffer = [UInt8](repeating: 0, count: 1 << 20)
      var bytes = 0
      for index in range {
        let fd = open("\(base)/\(names[index])", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { continue }
        while true {
          let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
          if count <= 0 { break }
          bytes += count
        }
        close(fd)
      }
      return bytes
    }
  }

  static func dataContentsOf(_ folder: RoundFolder, threads: Int) throws -> Int {
    let names = try folder.surveyFileNamesFast()
    let base = folder.surveysPath
    return chunked(names.count, threads: threads) { range in
      range.reduce(0) { sum, index in
        sum + ((try? Data(contentsOf: URL(fileURLWithPath: "\(base)/\(names[index])")))?.count ?? 0)
      }
    }
  }

  /// The reference: FileSystem.readFile and RoundFolder.decodeSurvey (JSONDecoder) per file.
  static func jsonDecoder(_ folder: RoundFolder, threads: Int) throws -> Int {
    if threads == 1 { return try folder.load().surveys.count }  // no other consumers of the result
    let round = try folder.loadRound()
    let names = try folder.surveyFileNamesFast()
    let base = folder.surveysPath
    return chunked(names.count, threads: threads) { range in
      var valid = 0
      for index in range {
        let path = "\(base)/\(names[index])"
        guard let bytes = try? FileSystem.readFile(path, limit: RoundFolder.maximumSurveyBytes) else { continue }
        if case .success = RoundFolder.decodeSurvey(bytes, path: path, expectedID: nil, round: round) { valid += 1 }
      }
      return valid
    }
  }

  /// JSONSerialization into Foundation objects (no Survey values, so a lower bound for that way).
  static func jsonSerialization(_ folder: RoundFolder, threads: Int) throws -> Int {
    let names = try folder.surveyFileNamesFast()
    let base = folder.surveysPath
    return chunked(names.count, threads: threads) { range in
      var objects = 0
      for index in range {
        let path = "\(base)/\(names[index])"
        guard let bytes = try? FileSystem.readFile(path, limit: RoundFolder.maximumSurveyBytes),
          let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { continue }
        objects += object.count > 0 ? 1 : 0
      }
      return objects
    }
  }

  static func fast(_ folder: RoundFolder, threads: Int) throws -> LoadedRound {
    try SurveyLoader(threads: threads, useIndex: false).load(folder)
  }

  /// With a current index (the caller loads once before, which writes it).
  static func indexed(_ folder: RoundFolder, threads: Int) throws -> LoadedRound {
    try SurveyLoader(threads: threads, useIndex: true).load(folder)
  }
}
