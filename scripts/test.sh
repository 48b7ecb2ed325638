#!/usr/bin/env bash
# The README's test command: set up what is missing, then build and run every test.
# External clients (pyhepmc, mpirun) are required here: a test that cannot find them fails
# instead of skipping, so a green run means they really ran.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export GENRECO_REQUIRE_EXTERNAL=1
export GENRECO_PYTHON="$PWD/.venv/bin/python"
export SWIFT_BACKTRACE=enable=no
swift build --build-tests
swift test --skip-build "$@"
