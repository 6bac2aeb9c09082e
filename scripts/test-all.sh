#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian + Node 20 machine, then the suite itself.
# Used by the README's test command and by .ci/run. Prints "N passed, N failed" last.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the tests use: a real redis-server for the queue tests (never skipped), poppler-utils for the
# PDF benchmarks' baseline, chromium for the review page's browser tests.
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# `npm install` rather than `npm ci`: the registry this project builds against lacks some optional platform
# packages the lock file names (msgpackr-extract for darwin/win32), which `npm ci` rejects; with the lock present,
# `npm install` installs exactly the locked versions for this platform.
npm install --no-audit --no-fund
npm run typecheck
npm run lint

mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  // A file that fails before its tests run (an import or a top-level read that throws) has no failed test of its own:
  // it counts as one failure, so the line never says 0 failed while the run failed.
  const broken = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + broken} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0) process.exit(1);
'
exit $status
