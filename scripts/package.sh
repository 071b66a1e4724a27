#!/usr/bin/env bash
# Builds the installable packages of Symptom Diary with the Tauri bundler: a .deb (and an
# .rpm, which the bundler makes in Rust with nothing else installed).
#
# Contract:
#   scripts/package.sh
#   - installs what is missing (scripts/setup.sh), builds the UI (scripts/build-ui.sh),
#     the `diary` command in release, its manual page (`diary manpage`, made by clap_mangen
#     from the same clap definition as --help, gzipped), then the app with
#     `tauri build --bundles deb,rpm` (the @tauri-apps/cli from ui/package-lock.json, run
#     from the repository root, where tauri.conf.json is);
#   - the packages hold /usr/bin/symptom-diary, /usr/bin/diary,
#     /usr/share/man/man1/diary.1.gz, the desktop file (name, category MedicalSoftware)
#     and the icons in every size of assets/icons;
#   - writes only under the cargo target dir ($CARGO_TARGET_DIR, else target/):
#     release/bundle/{deb,rpm}/ (the bundler's), and package/: the manual page and copies
#     of the packages named symptom-diary_VERSION_ARCH.deb and symptom-diary-VERSION-*.rpm;
#   - prints the .deb's path as its last line; exit status 0 when both packages were made,
#     non-zero when a step failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh >&2
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-ui.sh >&2

target="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
export CARGO_TARGET_DIR="$target"

# Both binaries in one build, as scripts/bench.sh builds them: cargo resolves the shared
# crates' features once, so the second script reuses what the first built.
cargo build --release --locked -p diary-cli -p symptom-diary >&2
out="$target/package"
mkdir -p "$out"
"$target/release/diary" manpage | gzip -9n >"$out/diary.1.gz"

# The bundler's extra files are given on the command line: their paths are this machine's.
extra="$(python3 - "$target/release/diary" "$out/diary.1.gz" <<'PY'
import json, sys
files = {"/usr/bin/diary": sys.argv[1], "/usr/share/man/man1/diary.1.gz": sys.argv[2]}
print(json.dumps({"bundle": {"linux": {"deb": {"files": files}, "rpm": {"files": files}}}}))
PY
)"
rm -rf "$target/release/bundle/deb" "$target/release/bundle/rpm"
"$root/ui/node_modules/.bin/tauri" build --ci --bundles deb,rpm --config "$extra" >&2

# The bundler names the files after the product name, with its space; the copies in
# package/ are named as Debian and Fedora name packages.
deb_built="$(ls "$target"/release/bundle/deb/*.deb)"
rpm_built="$(ls "$target"/release/bundle/rpm/*.rpm)"
deb="$out/$(basename "${deb_built// /-}" | tr '[:upper:]' '[:lower:]')"
rpm="$out/$(basename "${rpm_built// /-}" | tr '[:upper:]' '[:lower:]')"
rm -f "$out"/*.deb "$out"/*.rpm
cp "$deb_built" "$deb"
cp "$rpm_built" "$rpm"
echo "package: $rpm" >&2
echo "$deb"
