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
# The harness of crates/*/tests/*/fuzz mutates real seeds (the sample diaries, the golden
# FHIR JSON), byte- and tree-level; it is not coverage-guided. When cargo-fuzz is installed
# (`cargo install cargo-fuzz`), the libFuzzer targets of fuzz/ (document, lab_words,
# fhir_read) then run coverage-guided for FUZZ_SECONDS each too, on the stable toolchain
# (RUSTC_BOOTSTRAP=1 lets it take cargo-fuzz's flags; no sanitizer), seeded with the same
# files; their corpus and any crash are kept under the cargo target dir, never in the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SECONDS="${1:-${FUZZ_SECONDS:-300}}"
export FUZZ_SEED="${FUZZ_SEED:-$(date +%s)}"
echo "== fuzz: $FUZZ_SECONDS s per parser, FUZZ_SEED=$FUZZ_SEED"
start=$(date +%s)
cargo test --release --locked -p diary-core --test core fuzz:: -- --nocapture --test-threads=1
cargo test --release --locked -p diary-sync --test sync fuzz:: -- --nocapture --test-threads=1
echo "-- fuzz (random inputs): $(( $(date +%s) - start )) s"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "skipped: the coverage-guided targets (fuzz/): cargo-fuzz is not installed (cargo install cargo-fuzz)"
  exit 0
fi
start=$(date +%s)
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
out="$target_dir/fuzz"
for t in document lab_words fhir_read; do
  case "$t" in
    document) seeds=(assets/samples) ;;
    lab_words) seeds=() ;;
    fhir_read) seeds=(crates/diary-sync/src/mapping/golden) ;;
  esac
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  (cd fuzz && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$target_dir" cargo fuzz run --sanitizer none \
    "$t" "$out/corpus/$t" "${seeds[@]/#/../}" -- \
    -max_total_time="$FUZZ_SECONDS" -seed="$FUZZ_SEED" -artifact_prefix="$out/artifacts/$t/")
done
echo "-- fuzz (coverage-guided): $(( $(date +%s) - start )) s"
