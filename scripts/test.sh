#!/usr/bin/env bash
# The README's test command: set up what is missing, then build and run every test.
# External peers (pyhepmc, mpirun, network namespaces) are required here: a test that
# cannot find its peer fails instead of skipping, so a green run means they really ran.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export GENRECO_REQUIRE_EXTERNAL=1
export GENRECO_PYTHON="$PWD/.venv/bin/python"
export SWIFT_BACKTRACE=enable=no
swift build --build-tests
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# The tests are XCTest; Swift Testing would only add an empty "0 tests" run.
swift test --skip-build --disable-swift-testing "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line with the totals of XCTest's last summary.
summary="$(grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$log" | tail -1 || true)"
if [ -n "$summary" ]; then
    total="$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")"
    failed="$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")"
    skipped="$(sed -nE 's/.*with ([0-9]+) tests? skipped.*/\1/p' <<<"$summary")"
    skipped="${skipped:-0}"
    echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
fi
exit "$status"
