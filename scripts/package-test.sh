#!/usr/bin/env bash
# Tests the .deb as a person would get it: builds it (scripts/package.sh), installs it on
# this machine with apt-get, starts the INSTALLED app under Xvfb until its first screen is
# drawn, runs the installed `diary --version` and finds its manual page with `man -w`,
# checks the desktop file and icons are in place, then purges the package again.
#
# Contract (called by scripts/test.sh; needs root, or sudo):
#   scripts/package-test.sh
#   - builds into the cargo target dir ($CARGO_TARGET_DIR, else target/), reusing it;
#   - installs what is missing: man-db, and tauri-driver 2.1.0 into the end-to-end tools
#     folder ($E2E_TOOLS, else <target dir>/e2e-tools) as scripts/e2e.sh does;
#   - the app starts on a fresh diary in a temporary HOME, so no one's diary is touched;
#     its first screen is the settings form (#settings-form), seen over WebDriver and
#     checked on a screenshot (written to <target dir>/package/first-screen.png);
#   - the package is purged on exit, whether the checks passed or not, unless it was
#     installed before this script ran (then the script stops: it will not remove it);
#   - prints one line per check, then "package: N passed, N failed" and the stage's time;
#     exit status 0 when every check passed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$(date +%s)
sudo=""; [[ "$(id -u)" == "0" ]] || sudo="sudo"
say() { echo "package: $*"; }

if dpkg-query -W -f='${Status}' symptom-diary 2>/dev/null | grep -q "install ok installed"; then
  say "symptom-diary is installed on this machine already; not touching it"; exit 2
fi

target="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$target"; target="$(cd "$target" && pwd)"
export CARGO_TARGET_DIR="$target"
deb="$(bash scripts/package.sh | tail -1)"
say "built $deb ($(du -h "$deb" | cut -f1))"

need=()
command -v man >/dev/null || need+=(man-db)
command -v Xvfb >/dev/null || need+=(xvfb xauth)
command -v WebKitWebDriver >/dev/null || need+=(webkit2gtk-driver)
command -v dbus-run-session >/dev/null || need+=(dbus-x11)
if ((${#need[@]})); then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
tools="${E2E_TOOLS:-$target/e2e-tools}"
export PATH="$tools/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version 2.1.0 --root "$tools"
fi
export TAURI_DRIVER="$(command -v tauri-driver)"

work="$(mktemp -d -t symptom-diary-package.XXXXXX)"
xvfb_pid=""
cleanup() {
  [[ -n "$xvfb_pid" ]] && { kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq symptom-diary >/dev/null 2>&1 || true
  rm -rf "$work"
  echo "package: stage took $(( $(date +%s) - started )) s"
}
trap cleanup EXIT

DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$deb" >/dev/null

passed=0; failed=0
check() {  # check NAME COMMAND...
  local name="$1"; shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1)); say "ok   $name"
  else
    failed=$((failed + 1)); say "FAIL $name"; sed 's/^/    /' "$work/out"
  fi
}

files="$(dpkg -L symptom-diary)"
has() { grep -qx "$1" <<<"$files"; }
check "the app is /usr/bin/symptom-diary" has /usr/bin/symptom-diary
check "the CLI is /usr/bin/diary" has /usr/bin/diary
check "the manual page is /usr/share/man/man1/diary.1.gz" has /usr/share/man/man1/diary.1.gz
desktop="/usr/share/applications/Symptom Diary.desktop"
check "the desktop file names the app, its category and icon" \
  bash -c 'grep -qx "Name=Symptom Diary" "$1" && grep -qx "Categories=.*MedicalSoftware;" "$1" \
    && grep -qx "Icon=symptom-diary" "$1" && grep -qx "Exec=symptom-diary" "$1"' _ "$desktop"
for size in 16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
  check "an icon of $size" has "/usr/share/icons/hicolor/$size/apps/symptom-diary.png"
done
check "diary --version runs from the package" \
  bash -c '/usr/bin/diary --version | grep -qx "diary [0-9.]*"'
check "man -w diary finds the manual page" \
  bash -c '[[ "$(man -w diary)" == /usr/share/man/man1/diary.1.gz ]]'
check "the manual page documents the subcommands" \
  bash -c 'zcat /usr/share/man/man1/diary.1.gz | grep -q "DIARY LOG"'

display=99
while [[ -e "/tmp/.X11-unix/X$display" || -e "/tmp/.X$display-lock" ]]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [[ -e "/tmp/.X11-unix/X$display" ]] && break; sleep 0.1; done
mkdir -p "$work/home"
check "the installed app draws its first screen under Xvfb" \
  env DISPLAY=":$display" HOME="$work/home" XDG_DATA_HOME="$work/home/data" \
    XDG_CONFIG_HOME="$work/home/config" SYMPTOM_DIARY_DB="$work/home/diary.sqlite" \
    dbus-run-session -- python3 scripts/app-probe.py /usr/bin/symptom-diary \
      --ready-css '#settings-form' --settle 0 --min-colors 50 \
      --screenshot "$target/package/first-screen.png"
sed 's/^/    /' "$work/out"

DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq symptom-diary >/dev/null
check "purging removes the app and the CLI" \
  bash -c '[[ ! -e /usr/bin/symptom-diary && ! -e /usr/bin/diary ]]'

say "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
