#!/usr/bin/env bash
# Installs what is needed and runs every test: the lints (cargo clippy), the unit and
# integration tests of every crate (the architecture checks among them: crates/tidy), the
# front end's unit tests, the kill test (a writing
# process killed at random moments: scripts/kill-test.sh), the end-to-end tests of the
# real app under Xvfb, and the .deb (built, installed with apt-get, its installed app
# started under Xvfb, purged: scripts/package-test.sh). Prints how long each stage took
# (CI's budget stays visible).
set -euo pipefail
cd "$(dirname "$0")/.."

stage_name=""
stage_start=0
timings=()
stage() {
  local now
  now=$(date +%s)
  if [[ -n "$stage_name" ]]; then
    timings+=("$(printf '%6d s  %s' $((now - stage_start)) "$stage_name")")
    echo "-- $stage_name: $((now - stage_start)) s"
  fi
  stage_name="$1"
  stage_start=$now
  [[ -n "$stage_name" ]] && echo "== $stage_name"
  return 0
}
report_timings() {
  stage ""
  echo "== time per stage"
  printf '%s\n' "${timings[@]}"
}
trap report_timings EXIT

stage "setup: system packages, Rust, Node.js"
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

stage "the UI: build, then its unit tests (node --test)"
bash scripts/build-ui.sh
(cd ui && npm test)

stage "lints: cargo clippy (after the UI build, which the app embeds)"
# [workspace.lints] and the crates' clippy.toml (disallowed-methods) hold the invariants
# that review alone used to keep; a warning fails the run. The architecture's other checks
# (no module cycle, no GUI or HTTP client under diary-core) are tests: crates/tidy.
cargo clippy --workspace --lib --bins --tests --locked -- -D warnings

stage "the FHIR server and validator for the sync tests (built once per machine)"
# (Captured first: `eval "$(…)"` would hide the script's failure from `set -e`.)
fhir_env="$(bash scripts/fhir-setup.sh)"
eval "$fhir_env"
# fhir-setup.sh succeeded, so every test that needs a server (the sync and CLI tests, the
# end-to-end FHIR scenarios) must run: a missing server fails it instead of skipping it.
export DIARY_REQUIRE_SERVERS=1

stage "unit and integration tests (cargo test --workspace)"
cargo test --workspace --locked

stage "the kill test: a writing process killed with SIGKILL, KILLS (200) times"
bash scripts/kill-test.sh

stage "end-to-end tests (the real app under Xvfb over WebDriver)"
bash scripts/e2e.sh

stage "the .deb package: build, install with apt-get, start the installed app, purge"
bash scripts/package-test.sh
