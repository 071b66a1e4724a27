#!/usr/bin/env bash
# Builds the desktop app's web UI into ui/dist (which tauri.conf.json embeds).
#
# Contract:
#   - needs node >= 20 and npm on PATH; installs the pinned packages with `npm ci`
#     (skipped when ui/node_modules matches ui/package-lock.json already);
#   - type-checks (tsc --noEmit) and builds with Vite into ui/dist;
#   - env: UI_SKIP_INSTALL=1 skips `npm ci` (node_modules must exist);
#   - exit status 0 on success, 1 when the build or type check fails, 2 when node/npm
#     are missing. Output goes to stdout/stderr; nothing else is written outside ui/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here/ui"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "build-ui: node and npm are needed (node 20 or newer)" >&2
  exit 2
fi

# npm ci only when the installed tree is older than the lock file (or missing).
stamp="node_modules/.package-lock.json"
if [[ "${UI_SKIP_INSTALL:-0}" != "1" ]]; then
  if [[ ! -f "$stamp" || "package-lock.json" -nt "$stamp" ]]; then
    npm ci --no-audit --no-fund || exit 1
  fi
fi

npx --no-install tsc --noEmit || exit 1
npx --no-install vite build --logLevel warn || exit 1
echo "build-ui: ui/dist is ready"
