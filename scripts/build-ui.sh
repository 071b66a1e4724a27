#!/usr/bin/env bash
# Builds the desktop app's web UI into ui/dist (which tauri.conf.json embeds).
#
# Contract:
#   - needs node >= 20 and npm on PATH; installs the pinned packages with `npm ci`
#     (skipped when ui/node_modules matches ui/package-lock.json already);
#   - type-checks (tsc --noEmit) and builds with Vite into ui/dist, unless ui/dist is
#     already the build of the present sources: nothing under ui/src, ui/index.html,
#     ui/package.json, ui/package-lock.json, ui/tsconfig.json, ui/vite.config.ts or
#     assets/locales changed since the last successful build started (a stamp under
#     ui/node_modules). ui/dist is then left untouched, so cargo (which embeds it) finds
#     nothing to rebuild and `scripts/run.sh` starts the built app at once;
#   - env: UI_SKIP_INSTALL=1 skips `npm ci` (node_modules must exist);
#     UI_FORCE_BUILD=1 builds even when ui/dist is up to date;
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

# The inputs of the build, relative to ui/.
inputs=(src index.html package.json package-lock.json tsconfig.json vite.config.ts ../assets/locales)
built="node_modules/.build-ui-stamp"
if [[ "${UI_FORCE_BUILD:-0}" != "1" && -f "$built" && -f dist/index.html ]] \
  && [[ -z "$(find "${inputs[@]}" -newer "$built" -print -quit 2>/dev/null)" ]]; then
  echo "build-ui: ui/dist is up to date (nothing changed since its build)"
  exit 0
fi

# The stamp is taken before the build starts, so an edit made during it is newer.
rm -f "$built"
touch "$built.next"
npx --no-install tsc --noEmit || exit 1
npx --no-install vite build --logLevel warn || exit 1
mv "$built.next" "$built"
echo "build-ui: ui/dist is ready"
