#!/bin/sh
# Long fuzzing run of tests/fuzz (not part of `make test`, which runs the short default profile).
#
#   scripts/fuzz.sh                 20,000 cases per fuzz test, on every core
#   OIT_FUZZ_EXAMPLES=2000 scripts/fuzz.sh -k thai      fewer cases, one area
#
# Extra arguments go to pytest. The case count per target is printed at the end; a failure
# prints the falsifying example and a @reproduce_failure blob to paste into the test.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
export OIT_FUZZ_PROFILE=fuzz
exec "$PYTHON" -m pytest tests/fuzz -q -n "${JOBS:-auto}" \
    --hypothesis-show-statistics -o timeout=0 "$@"
