#!/bin/sh
# libFuzzer over the survey and round decoders (the soak extra; `make soak` runs it).
# Usage: Tests/Fuzz/run.sh [SECONDS]   Prints RELIABILITY-FIGURE lines; exit 1 on a crash.
# Store.swift needs swift-crypto, so the harness builds the model's pure files and repeats
# decodeSurvey's three steps (byte limits, decoding, validation) plus a save's re-encoding.
set -eu
seconds=${1:-120}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${TMPDIR:-/tmp}/brukerplan-fuzz-$$
mkdir -p "$work/corpus"
trap 'rm -rf "$work"' EXIT
model="$root/Sources/BrukerPlanModel"
swiftc -sanitize=fuzzer,address -parse-as-library -O \
  "$model/JSONLimits.swift" "$model/JSONValue.swift" "$model/Problem.swift" "$model/Round.swift" \
  "$model/ServiceCatalogue.swift" "$model/Survey.swift" "$model/Validation.swift" "$model/Vocabulary.swift" \
  "$here/FuzzDecode.swift" -o "$work/fuzz-decode" 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" || true
# Seeds: the committed sample files, if any, and two small ones.
find "$root/SampleSurveys" -name '*.json' 2>/dev/null | head -200 | while read -r file; do
  cp "$file" "$work/corpus/$(echo "$file" | md5sum | cut -c1-12).json"
done
printf '{"format":"brukerplan-round/1","municipality":{"code":"9901","name":"T"},"year":2024,"status":"open","units":[{"id":"nav","name":"NAV","kind":"nav"}]}' >"$work/corpus/round.json"
printf '{"format":"brukerplan-survey/1","id":"paaaaaaaaaaaaaaaa","revision":1,"updatedAt":"","status":"draft","unit":"nav","scores":{"housing":"red"},"services":{"socialServices":{"now":true,"next12":false}}}' >"$work/corpus/survey.json"
cd "$work"
if "$work/fuzz-decode" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=4096 corpus >"$work/log" 2>&1; then
  runs=$(grep -o 'Done [0-9]* runs' "$work/log" | grep -o '[0-9]*' || echo 0)
  echo "RELIABILITY-FIGURE libfuzzer.decode.executions = $runs (in $seconds s, no crash)"
else
  tail -40 "$work/log"
  mkdir -p "$root/.build/fuzz-crashes" && cp "$work"/crash-* "$root/.build/fuzz-crashes/" 2>/dev/null || true
  echo "libFuzzer found a crash; inputs kept in .build/fuzz-crashes"
  exit 1
fi
