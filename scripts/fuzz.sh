#!/usr/bin/env bash
# The random-input harness, longer than the short budget every `cargo test` runs
# (issue 10 item 7): the diary document reader and the lab-sheet words (diary-core), and
# the FHIR response reader and the inbox over HTTP (diary-sync), each for FUZZ_SECONDS.
#
# Contract:
#   scripts/fuzz.sh [SECONDS]   (seconds per parser; default 300, or $FUZZ_SECONDS)
#   - FUZZ_SEED picks the inputs (default: the time, printed, so a run can be repeated);
#   - builds in release; prints how many inputs each parser took, and "0 crashes";
#   - exits non-zero on a crash, naming the file (under the cargo target dir) that holds
#     its input: copy it into the test's regressions/ folder, fix the parser, commit both.
# The toolchain is stable, so this is not coverage-guided: inputs are mutations of real
# seeds (the sample diaries, the golden FHIR JSON), byte- and tree-level.
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SECONDS="${1:-${FUZZ_SECONDS:-300}}"
export FUZZ_SEED="${FUZZ_SEED:-$(date +%s)}"
echo "== fuzz: $FUZZ_SECONDS s per parser, FUZZ_SEED=$FUZZ_SEED"
start=$(date +%s)
cargo test --release --locked -p diary-core --test fuzz -- --nocapture --test-threads=1
cargo test --release --locked -p diary-sync --test fuzz -- --nocapture --test-threads=1
echo "-- fuzz: $(( $(date +%s) - start )) s"
