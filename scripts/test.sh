#!/usr/bin/env bash
# Installs what is needed and runs every test: the unit and integration tests of every
# crate, the front end's unit tests, the architecture checks, the kill test (a writing
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

stage "architecture: diary-core depends on no GUI and no HTTP client"
gui='^(tauri|wry|webkit2gtk|tao)[ -]'
http='^(reqwest|hyper|ureq|rustls)[ -]'
deps() { cargo tree -p "$1" --edges normal,build --prefix none --locked; }
core_tree="$(deps diary-core)"
if grep -Eiq "$gui" <<<"$core_tree"; then
  echo "FAIL: diary-core depends on tauri/wry/webkit (cargo tree -p diary-core shows it)" >&2
  exit 1
fi
if grep -Eiq "$http" <<<"$core_tree"; then
  echo "FAIL: diary-core depends on an HTTP client; network code belongs in diary-sync. cargo tree -p diary-core shows:" >&2
  grep -Ei "$http" <<<"$core_tree" | sort -u >&2
  exit 1
fi
# The check must be able to fail: diary-sync, which holds the HTTP client, must trip it.
if ! grep -Eiq "$http" <<<"$(deps diary-sync)"; then
  echo "FAIL: the HTTP-client check no longer sees reqwest in cargo tree -p diary-sync" >&2
  exit 1
fi
echo "ok: cargo tree -p diary-core shows no tauri, wry, tao, webkit2gtk, reqwest, hyper, ureq or rustls"
# The visit report's crate: on top of diary-core, never under it, and no GUI or network.
if grep -Eiq '^diary-report[ -]' <<<"$core_tree"; then
  echo "FAIL: diary-core depends on diary-report; the report depends on the core, never the other way" >&2
  exit 1
fi
report_tree="$(deps diary-report)"
if grep -Eiq "$gui|$http" <<<"$report_tree"; then
  echo "FAIL: diary-report depends on a GUI or an HTTP client. cargo tree -p diary-report shows:" >&2
  grep -Ei "$gui|$http" <<<"$report_tree" | sort -u >&2
  exit 1
fi
echo "ok: diary-report is above diary-core and has no GUI and no HTTP client"

stage "the UI: build, then its unit tests (node --test)"
bash scripts/build-ui.sh
(cd ui && npm test)

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
