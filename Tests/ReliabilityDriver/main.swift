// A test-only program that drives the store from its own process, so the reliability tests can
// kill it (SIGKILL) mid-save and race two of them against each other. Not installed.
import BrukerPlanModel
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

func fail(_ message: String, code: Int32 = 2) -> Never {
  FileHandle.standardError.write(Data((message + "\n").utf8))
  exit(code)
}

/// A complete survey for the round's first unit, marked so a test can tell which save wrote it.
func survey(_ id: String, round: Round, mark: Int) -> Survey {
  var survey = Survey(id: id)
  survey.unit = round.units[0].id
  survey.status = .complete
  survey.birthYear = round.year - 20 - mark % 50
  survey.gender = mark % 2 == 0 ? .female : .male
  survey.problemGroup = .substanceOnly
  for dimension in Dimension.allCases { survey.scores[dimension] = mark % 3 == 0 ? .red : .yellow }
  survey.substances = [.alcohol]
  survey.lar = false
  survey.plans = []
  survey.children = Children(hasChildren: false, custody: false, contact: false, childWelfare: false)
  survey.activity = .noActivity
  survey.violence = .unknown
  survey.extra["mark"] = .number(Double(mark))
  return survey
}

/// Appends one line to a log with a single write (it survives SIGKILL once write returns).
func appendLine(_ line: String, to path: String) {
  let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
  guard fd >= 0 else { fail("cannot open \(path)") }
  let bytes = Array((line + "\n").utf8)
  _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  close(fd)
}

func waitFor(_ path: String) {
  while !FileManager.default.fileExists(atPath: path) { usleep(200) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, arguments.count >= 2 else {
  fail("usage: reliability-driver save-loop|save-once|bump|hold-lock ROUND_DIR ...")
}
let folder = RoundFolder(path: arguments[1])
let round: Round
do { round = try folder.loadRound() } catch { fail(error.description) }

switch command {
case "save-loop":
  // save-loop ROUND_DIR ATTEMPTS_FILE ID...: saves the ids round-robin forever, logging
  // "id revision" before each attempt, so a test knows what was in flight when it killed us.
  let attempts = arguments[2]
  let ids = Array(arguments[3...])
  while true {
    for id in ids {
      let current: Survey?
      do { current = try folder.loadSurvey(id, round: round) } catch { fail("\(error)", code: 4) }
      let next = (current?.revision ?? 0) + 1
      appendLine("\(id) \(next)", to: attempts)
      do {
        try folder.save(survey(id, round: round, mark: next), baseRevision: current?.revision, round: round)
      } catch {
        fail("\(error)", code: 4)
      }
    }
  }

case "save-once":
  // save-once ROUND_DIR ID BASE MARK GO_FILE: waits for GO_FILE, then saves from revision BASE.
  let id = arguments[2]
  guard let base = Int(arguments[3]), let mark = Int(arguments[4]) else { fail("BASE and MARK are numbers") }
  waitFor(arguments[5])
  do {
    let saved = try folder.save(survey(id, round: round, mark: mark), baseRevision: base, round: round)
    print("saved revision \(saved.revision)")
  } catch StoreError.conflict(let current) {
    fail(StoreError.conflict(current: current).description, code: 3)
  } catch {
    fail("\(error)", code: 4)
  }

case "bump":
  // bump ROUND_DIR ID COUNT GO_FILE: COUNT read-modify-write saves of one survey, retrying on
  // conflict, as a caseworker who reloads and applies the change again would.
  let id = arguments[2]
  guard let count = Int(arguments[3]) else { fail("COUNT is a number") }
  waitFor(arguments[4])
  var conflicts = 0
  var done = 0
  while done < count {
    do {
      let current = try folder.loadSurvey(id, round: round)
      let next = (current?.revision ?? 0) + 1
      try folder.save(survey(id, round: round, mark: next), baseRevision: current?.revision, round: round)
      done += 1
    } catch StoreError.conflict {
      conflicts += 1
    } catch StoreError.alreadyExists {
      conflicts += 1
    } catch {
      fail("\(error)", code: 4)
    }
  }
  print("bumped \(done) times, \(conflicts) conflicts")

case "hold-lock":
  // hold-lock ROUND_DIR READY_FILE SECONDS: holds the round's lock, as a long import would.
  guard let seconds = Double(arguments[3]) else { fail("SECONDS is a number") }
  do {
    try folder.withLock {
      appendLine("locked", to: arguments[2])
      usleep(UInt32(seconds * 1_000_000))
    }
  } catch {
    fail("\(error)", code: 4)
  }

default:
  fail("unknown command \(command)")
}
