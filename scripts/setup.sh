#!/usr/bin/env bash
# Installs what building and testing Symptom Diary needs on Debian 12 / Ubuntu, and
# nothing that is already there: Debian packages, a Rust toolchain, Node.js.
# Safe to run again; run as root or with sudo available.
set -euo pipefail

PACKAGES=(
  # Building the desktop app (Tauri 2 on WebKitGTK).
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev curl
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  # The diary's key in the keyring (Secret Service over D-Bus); SQLCipher uses libcrypto
  # from libssl-dev above.
  libdbus-1-dev
  # Running it headless in the end-to-end tests, with a real Secret Service for the key;
  # the sqlite3 command, which a test shows cannot read the encrypted diary.
  xvfb xauth webkit2gtk-driver dbus-x11 dunst libnotify-bin gnome-keyring libsecret-tools
  sqlite3
  # The UI build.
  nodejs npm python3
  # The visit report's test renders its PDF pages to PNG (pdftoppm).
  poppler-utils
)

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  # A tool that is already on the PATH (node, npm from elsewhere) counts as installed.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    python3) command -v python3 >/dev/null 2>&1 && continue ;;
    curl) command -v curl >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: installing the Rust toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
# The lints stage of scripts/test.sh runs cargo clippy (a minimal toolchain lacks it).
if ! cargo clippy --version >/dev/null 2>&1; then
  echo "setup: adding clippy to the Rust toolchain"
  rustup component add clippy
fi
# The UI build (Vite 7) needs Node.js 20.19 or newer; Debian 12's own nodejs is 18.
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version 2>/dev/null || echo '(none)') is too old: the UI build needs Node.js 20 or newer." >&2
  echo "setup: install Node.js 20 (for example from NodeSource or with nvm), then run this again." >&2
  exit 2
fi
echo "setup: ready ($(cargo --version), node $(node --version))"
