#!/usr/bin/env bash
# End-to-end tests of the desktop app: the real binary under Xvfb, driven over WebDriver
# (tauri-driver + WebKitWebDriver), inside its own D-Bus session with a dunst that logs
# every notification and a gnome-keyring (Secret Service) that holds the diary's key.
#
# Contract (called by scripts/test.sh):
#   scripts/e2e.sh [extra args passed to the test binary, e.g. --nocapture]
#   - installs what is missing: the apt packages (libwebkit2gtk-4.1-dev, webkit2gtk-driver,
#     xvfb, xauth, dbus-x11, dunst, gnome-keyring, libsecret-tools; only when a tool is
#     missing, with sudo when not root)
#     and tauri-driver 2.1.0 (cargo install --locked) into $E2E_TOOLS;
#   - builds the UI (scripts/build-ui.sh), then the app and the tests
#     (cargo test --features e2e --test e2e, default target dir);
#   - starts Xvfb on a free display, dbus-run-session, dunst, and gnome-keyring-daemon
#     (secrets only, a keyring of the run's own under its work folder, unlocked with a
#     fixed test password); stops them all on exit;
#   - writes screenshots (daily-report, red-alert, green-result, weekly-checkin,
#     weekly-checkin-result, trends, lab-results,
#     care-team-connection, backups; care-team-console, care-team-inbox,
#     care-team-patient, seen-by-care-team and hospital-sign-in when the FHIR scenarios
#     run) under the cargo target dir (e2e-screenshots/), or into docs/screenshots/ (the
#     README's pictures) with DIARY_BLESS=1 (the workspace's one regeneration switch);
#   - runs each scenario (tests/e2e/scenarios/<name>.rs) as one test of a standard harness
#     (libtest-mimic): extra args are libtest's (a name filter, --exact, --skip, --list);
#   - prints one line per scenario (passed, FAILED, or skipped: why; libtest's
#     "ok"/"FAILED"/"ignored (why)") and then "e2e: N passed, N failed, N skipped"
#     (skipped: ignored or not asked for); a scenario with a check that could not run
#     (no notification log, no FHIR server) is skipped, never passed, and under CI=true
#     (or E2E_REQUIRE_ALL=1) it fails instead.
#   - the care-team FHIR scenario starts a real hfs ($HFS_BIN, `hfs` on PATH, or
#     $FHIR_CACHE|/var/cache/symptom-diary/hfs/bin/hfs, with the R4 search parameters
#     from scripts/fhir-setup.sh); without it the scenario prints
#     "skipped: <scenario>: hfs not installed …: run `bash scripts/fhir-setup.sh` …", or
#     FAILS with the same words when DIARY_REQUIRE_SERVERS=1 (or CI=true).
#   Environment:
#     DIARY_REQUIRE_SERVERS=1  the FHIR scenarios must run (scripts/test.sh sets it once
#                    scripts/fhir-setup.sh has installed the servers; CI=true implies it)
#     E2E_ONLY       run only the scenarios whose names contain these words, spaces and
#                    dashes read as "_" (taken as the harness's filter when no filter is
#                    given; the others are counted as skipped)
#     E2E_REQUIRE_ALL=1  every check must run (CI=true implies it)
#     DIARY_BLESS=1  write the README's pictures into docs/screenshots/
#     E2E_TOOLS      where tauri-driver is installed (default: target/e2e-tools, under
#                    CARGO_TARGET_DIR when that is set)
#     E2E_NO_INSTALL=1  never install anything; fail when something is missing
#     E2E_DISPLAY    the X display number to use (default: the first free from 99)
#     CARGO_TARGET_DIR is honoured as cargo does.
#   Exit status: 0 all scenarios passed; 1 a test failed (or the build failed);
#   2 a prerequisite is missing and could not be installed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools="${E2E_TOOLS:-${CARGO_TARGET_DIR:-$root/target}/e2e-tools}"
export PATH="$tools/bin:$PATH"

say() { echo "e2e: $*" >&2; }

# --- prerequisites ----------------------------------------------------------------------
need_apt=()
command -v Xvfb >/dev/null || need_apt+=(xvfb xauth)
command -v WebKitWebDriver >/dev/null || need_apt+=(webkit2gtk-driver)
command -v dbus-run-session >/dev/null || need_apt+=(dbus-x11)
command -v dunst >/dev/null || need_apt+=(dunst)
command -v gnome-keyring-daemon >/dev/null || need_apt+=(gnome-keyring)
command -v secret-tool >/dev/null || need_apt+=(libsecret-tools)
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need_apt+=(libwebkit2gtk-4.1-dev)
if ((${#need_apt[@]})); then
  if [[ "${E2E_NO_INSTALL:-0}" == "1" ]]; then
    say "missing packages: ${need_apt[*]}"; exit 2
  fi
  sudo=""; [[ "$(id -u)" == "0" ]] || sudo="sudo"
  say "installing ${need_apt[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" \
    || { say "could not install ${need_apt[*]}"; exit 2; }
fi
if ! command -v tauri-driver >/dev/null; then
  if [[ "${E2E_NO_INSTALL:-0}" == "1" ]]; then say "tauri-driver is missing"; exit 2; fi
  say "installing tauri-driver 2.1.0 into $tools"
  cargo install tauri-driver --locked --version 2.1.0 --root "$tools" \
    || { say "could not install tauri-driver"; exit 2; }
fi
export TAURI_DRIVER="$(command -v tauri-driver)"

# --- build --------------------------------------------------------------------------------
"$root/scripts/build-ui.sh" || exit 1
cargo test --features e2e --test e2e --no-run || exit 1

# --- display, D-Bus, notifications ----------------------------------------------------------
work="$(mktemp -d -t symptom-diary-e2e.XXXXXX)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

display="${E2E_DISPLAY:-}"
if [[ -z "$display" ]]; then
  display=99
  while [[ -e "/tmp/.X11-unix/X$display" || -e "/tmp/.X$display-lock" ]]; do display=$((display + 1)); done
fi
Xvfb ":$display" -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [[ -e "/tmp/.X11-unix/X$display" ]] && break; sleep 0.1; done
[[ -e "/tmp/.X11-unix/X$display" ]] || { say "Xvfb did not start"; cat "$work/xvfb.log" >&2; exit 2; }
export DISPLAY=":$display"

# dunst runs this script for every notification; the tests read the log.
export E2E_NOTIFY_LOG="$work/notifications.log"
: >"$E2E_NOTIFY_LOG"
cat >"$work/log-notification.sh" <<SH
#!/bin/sh
# dunst passes: appname summary body icon urgency
printf '%s\t%s\t%s\n' "\$1" "\$2" "\$3" >>"$E2E_NOTIFY_LOG"
SH
chmod +x "$work/log-notification.sh"
cat >"$work/dunstrc" <<INI
[global]
    font = Monospace 10
    # Every notification is its own (and runs the script): a red sent again while the
    # first is still shown must reach the log, not be stacked onto it.
    stack_duplicates = false
[log_everything]
    summary = "*"
    script = $work/log-notification.sh
INI

# Everything else runs inside one private D-Bus session bus.
cat >"$work/inside.sh" <<'SH'
#!/usr/bin/env bash
set -u
# Asks the session bus about NAME: `bus NameHasOwner NAME`, `bus GetConnectionUnixProcessID NAME`.
bus() {
  dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
    /org/freedesktop/DBus "org.freedesktop.DBus.$1" "string:$2" 2>/dev/null
}
# Waits up to 5 s for NAME to appear on the session bus.
wait_for_name() {
  for _ in $(seq 50); do
    bus NameHasOwner "$1" | grep -q "boolean true" && return 0
    sleep 0.1
  done
  return 1
}
dunst -config "$E2E_WORK/dunstrc" >"$E2E_WORK/dunst.log" 2>&1 &
dunst_pid=$!
wait_for_name org.freedesktop.Notifications
# A Secret Service for the diary's key: gnome-keyring with a keyring of this run's own
# (under $E2E_WORK, never the user's), unlocked with a fixed test password. The tests
# check that the key went there (and fail under CI when it could not).
keyring_pid=""
mkdir -p "$E2E_WORK/keyring-data" "$E2E_WORK/keyring-runtime"
chmod 700 "$E2E_WORK/keyring-runtime"
keyring_env=(env XDG_DATA_HOME="$E2E_WORK/keyring-data" XDG_RUNTIME_DIR="$E2E_WORK/keyring-runtime")
if printf '%s' e2e-keyring | "${keyring_env[@]}" gnome-keyring-daemon --unlock --components=secrets \
     >"$E2E_WORK/keyring.env" 2>"$E2E_WORK/keyring.log" \
   && "${keyring_env[@]}" gnome-keyring-daemon --start --components=secrets \
     >>"$E2E_WORK/keyring.env" 2>>"$E2E_WORK/keyring.log"; then
  wait_for_name org.freedesktop.secrets \
    && keyring_pid="$(bus GetConnectionUnixProcessID org.freedesktop.secrets | awk '/uint32/ {print $2}')"
fi
if [[ -n "$keyring_pid" ]]; then
  echo "e2e: a Secret Service (gnome-keyring) holds the diary's key" >&2
else
  echo "e2e: no Secret Service could be started; the app will use a key file (the keyring check will say so)" >&2
  tail -5 "$E2E_WORK/keyring.log" >&2
fi
cargo test --features e2e --test e2e -- --test-threads=1 --nocapture "$@"
status=$?
kill "$dunst_pid" 2>/dev/null; wait "$dunst_pid" 2>/dev/null
[[ -n "$keyring_pid" ]] && kill "$keyring_pid" 2>/dev/null
exit $status
SH
chmod +x "$work/inside.sh"
export E2E_WORK="$work"

set +e
dbus-run-session -- "$work/inside.sh" "$@"
status=$?
set -e
if [[ $status -ne 0 ]]; then
  say "failed (status $status)"
  [[ -s "$work/dunst.log" ]] && { say "dunst log:"; tail -20 "$work/dunst.log" >&2; }
  exit 1
fi
say "passed"
