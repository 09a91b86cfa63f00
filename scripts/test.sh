#!/usr/bin/env bash
# The README's test command: set-up, static checks, unit tests, build, end-to-end tests in Chromium
# then in Firefox. Ends with one line "N passed, N failed, N skipped" counting unit and end-to-end
# tests of both browsers together.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
mkdir -p .tmp
# A stale report from an earlier run must not stand in for a step that did not run this time.
rm -f .tmp/vitest.json .tmp/e2e.tap .tmp/e2e-firefox.tap

status=0
step() {
  echo
  echo "== $1"
  shift
  "$@" || { echo "!! failed: $*"; status=1; }
}

step "knowledge base check" npm run --silent kb:check
step "lint and format" npx biome check .
step "type check (product code, tests, scripts)" npx tsc --noEmit
step "type check (pure core: no DOM, Node or browser types)" npx tsc -p tsconfig.core.json --noEmit
step "unit tests" npx vitest run --reporter=default --reporter=json --outputFile=.tmp/vitest.json
step "build (chrome-mv3, firefox-mv2)" npm run --silent build
# The per-test timeout is a hang guard, not a speed check: the real-pages file reads 311 saved pages
# in one hook, which takes over 3 minutes on a machine busy with other work.
e2e() {
  node --import tsx --test --test-concurrency=1 --test-timeout=900000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination=.tmp/e2e.tap tests/e2e/*.test.ts
}
# No retry: the hang (a key press answered by a frame the key removed) and the focus race behind
# the flaky keyboard tests are fixed; a test that hangs anyway fails after 3 minutes.
step "end-to-end tests in Chromium" e2e
e2e_firefox() {
  node --import tsx --test --test-concurrency=1 --test-timeout=900000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination=.tmp/e2e-firefox.tap tests/e2e-firefox/*.test.ts
}
step "end-to-end tests in Firefox" e2e_firefox

counts=$(node -e '
const fs = require("fs");
let p = 0, f = 0, s = 0;
try { const j = JSON.parse(fs.readFileSync(".tmp/vitest.json", "utf8")); p += j.numPassedTests; f += j.numFailedTests; s += j.numPendingTests + (j.numTodoTests || 0); } catch { f += 1; }
for (const [file, browser] of [[".tmp/e2e.tap", "Chromium"], [".tmp/e2e-firefox.tap", "Firefox"]]) {
  try { const t = fs.readFileSync(file, "utf8");
    const m = (k) => { const r = t.match(new RegExp("^# " + k + " (\\d+)$", "m")); return r ? +r[1] : 0; };
    console.log(`end-to-end in ${browser}: ${m("pass")} passed, ${m("fail") + m("cancelled")} failed, ${m("skipped") + m("todo")} skipped`);
    p += m("pass"); f += m("fail") + m("cancelled"); s += m("skipped") + m("todo"); } catch { f += 1; }
}
console.log(`${p} passed, ${f} failed, ${s} skipped`);
')
echo
echo "$counts"
if [ "$status" -ne 0 ]; then exit 1; fi
case "$(echo "$counts" | tail -n 1)" in *" 0 failed"*) exit 0 ;; *) exit 1 ;; esac
