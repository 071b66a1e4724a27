#!/usr/bin/env bash
# The kill test (crates/diary-core/examples/killtest.rs): a process writing to a diary
# (report saves, a bulk import, the first open of an old-schema plaintext diary) is killed
# with SIGKILL at random moments; after each kill the diary must pass integrity_check,
# hold every acknowledged save and nothing half-written.
#
# Contract:
#   - env: KILLS (default 200) kills in all, spread over the three activities;
#     KILL_SEED replays a run (the seed is printed first); KILL_DIR keeps the diaries
#     there instead of a temporary folder that is removed afterwards;
#   - keys are in key files (SYMPTOM_DIARY_KEYRING=off): no keyring is needed;
#   - writes nothing outside the build's target folder and the temporary folder;
#   - prints `N kills, L lost, C corrupt` last; exit status 0 only when L and C are 0.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export SYMPTOM_DIARY_KEYRING=off
args=(--kills "${KILLS:-200}")
[[ -n "${KILL_SEED:-}" ]] && args+=(--seed "$KILL_SEED")
[[ -n "${KILL_DIR:-}" ]] && args+=(--dir "$KILL_DIR")
cargo build --locked -p diary-core --example killtest
exec "${CARGO_TARGET_DIR:-target}/debug/examples/killtest" "${args[@]}"
