#!/usr/bin/env bash
# Measures Symptom Diary's speed against bare baselines, side by side in one run, and
# prints ONE table of ratios (README "Speed").
#
# Contract:
#   scripts/bench.sh [RUNS]        (RUNS: how many runs of each measure, default 7)
#   - builds what it needs in release: the diary-core example `speed` (the measuring code),
#     the `diary` command, the app, and a bare Tauri 2 app with an empty page (its tiny
#     Cargo project is generated under the cargo target dir, pinned to this workspace's
#     Cargo.lock, same Tauri version, same dependencies and release profile: its main()
#     only opens the window);
#   - measures, alternating ours and the baseline in every run:
#       save      Diary::add_report on a diary file (WAL, synchronous=FULL, triage, alerts,
#                 outbox, one transaction) against a bare rusqlite one-row insert with the
#                 same pragmas in the same folder;
#       trends    Diary::reports_since(90 days) on a ten-year diary (3650 daily reports);
#       history   recent_reports(200) + alert_history(200) on the same diary;
#       check     `diary check` of a ten-year document, against `diary --version` (the
#                 process alone);
#       sync      a year's backlog sent by diary-sync to a real hfs, against raw POSTs of
#                 the same transaction bundles to a fresh hfs (crates/diary-sync/examples/
#                 backlog.rs; scripts/fhir-setup.sh provides hfs; at most 3 runs);
#       start     the app's process start to its first screen (#settings-form on a fresh
#                 diary, over WebDriver as the end-to-end tests do: scripts/app-probe.py)
#                 against the bare app's page being loaded, under Xvfb;
#       memory    PSS summed over the app's process tree (the app and its WebKit
#                 processes), 2 s after the first screen, against the bare app's;
#   - prints the table (median of the runs, spread = lowest–highest run) and writes every
#     raw figure to <target dir>/bench/raw.csv (never into tracked files);
#   - asserts nothing: exit status 0 when everything was measured, whether or not a
#     target was met; non-zero when a build or a measurement failed.
#   Environment: CARGO_TARGET_DIR as cargo; BENCH_SKIP_APP=1 leaves out start and memory,
#   BENCH_SKIP_SYNC=1 the sync backlog.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-7}"
export PATH="$HOME/.cargo/bin:$PATH"
target="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$target"; target="$(cd "$target" && pwd)"
export CARGO_TARGET_DIR="$target"
bench="$target/bench"
rm -rf "$bench/work"; mkdir -p "$bench/work"
raw="$bench/raw.csv"
echo "measure,variant,run,sample,value" >"$raw"
say() { echo "bench: $*" >&2; }

say "building (release)"
bash scripts/build-ui.sh >&2
# The two binaries in one build, as scripts/package.sh builds them (the same features,
# so either script reuses what the other built); the example on its own.
cargo build --release --locked -p diary-cli -p symptom-diary >&2
cargo build --release --locked -p diary-core --example speed >&2
speed="$target/release/examples/speed"
diary="$target/release/diary"

say "save: $runs runs of 40 saves each, ours and bare"
"$speed" save "$bench/work" "$runs" 40 >>"$raw"
say "trends and history on a ten-year diary"
"$speed" query "$bench/work" "$runs" >>"$raw"

say "diary check of a ten-year document"
"$speed" document "$bench/work/ten-years.json"
python3 - "$diary" "$bench/work/ten-years.json" "$runs" >>"$raw" <<'PY'
import subprocess, sys, time
diary, doc, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
for run in range(runs):
    for variant, args in (("bare", [diary, "--version"]), ("diary", [diary, "check", doc])):
        t = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        print(f"check,{variant},{run},0,{(time.perf_counter() - t) * 1000:.3f}")
PY

if [[ "${BENCH_SKIP_SYNC:-0}" != "1" ]]; then
  say "a year's sync backlog against raw POSTs of the same bundles (real hfs)"
  fhir_env="$(bash scripts/fhir-setup.sh)"
  eval "$fhir_env"
  cargo build --release --locked -p diary-sync --example backlog >&2
  sync_runs=$(( runs < 3 ? runs : 3 ))
  "$target/release/examples/backlog" "$bench/work" "$sync_runs" >>"$raw"
fi

if [[ "${BENCH_SKIP_APP:-0}" != "1" ]]; then
  app="$target/release/symptom-diary"

  # The bare app: Tauri 2 at this workspace's versions, an empty page, the same profile.
  bare="$bench/bare-tauri"
  mkdir -p "$bare/src" "$bare/dist"
  tauri_v="$(python3 - <<'PY'
import re
lock = open("Cargo.lock").read()
def version(name):
    return re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), lock).group(1)
print(version("tauri"), version("tauri-build"))
PY
)"
  read -r tauri_version tauri_build_version <<<"$tauri_v"
  # The bare app declares the app's own dependencies (diary-core, notify-rust, …: unused
  # by it, so not linked in), so cargo resolves the same features and reuses the app's
  # release builds instead of building Tauri's tree a second time with other features.
  python3 - "$root" >"$bare/Cargo.toml" <<'PY'
import json, sys, tomllib
root = sys.argv[1]
manifest = tomllib.load(open(f"{root}/Cargo.toml", "rb"))
shared = manifest["workspace"]["dependencies"]
def resolve(spec):
    spec = {"version": spec} if isinstance(spec, str) else dict(spec)
    if spec.pop("workspace", False):
        base = shared[spec_name]
        base = {"version": base} if isinstance(base, str) else dict(base)
        base["features"] = sorted(set(base.get("features", [])) | set(spec.get("features", [])))
        spec = base
    if "path" in spec:
        spec["path"] = f"{root}/{spec['path']}"
    return spec
def table(specs):
    global spec_name
    lines = []
    for spec_name, spec in specs.items():
        fields = ", ".join(f"{k} = {json.dumps(v)}" for k, v in resolve(spec).items())
        lines.append(f"{spec_name} = {{ {fields} }}")
    return "\n".join(lines)
print(f"""[package]
name = "bare-tauri"
version = "0.1.0"
edition = "2021"

[workspace]

[build-dependencies]
{table(manifest["build-dependencies"])}

[dependencies]
{table(manifest["dependencies"])}""")
PY
  cp Cargo.lock "$bare/Cargo.lock"
  echo 'fn main() { tauri_build::build() }' >"$bare/build.rs"
  cat >"$bare/src/main.rs" <<'RS'
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare app runs");
}
RS
  echo '<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head><body></body></html>' >"$bare/dist/index.html"
  cat >"$bare/tauri.conf.json" <<JSON
{
  "productName": "bare-tauri",
  "version": "0.1.0",
  "identifier": "org.symptomdiary.bench.bare",
  "build": { "frontendDist": "dist" },
  "app": { "windows": [ { "label": "main", "title": "bare", "width": 1024, "height": 800 } ] },
  "bundle": { "icon": ["$root/assets/icons/32x32.png", "$root/assets/icons/icon.png"] }
}
JSON
  (cd "$bare" && cargo build --release) >&2
  bare_app="$target/release/bare-tauri"

  tools="${E2E_TOOLS:-$target/e2e-tools}"
  export PATH="$tools/bin:$PATH"
  command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version 2.1.0 --root "$tools" >&2
  export TAURI_DRIVER="$(command -v tauri-driver)"
  display=99
  while [[ -e "/tmp/.X11-unix/X$display" || -e "/tmp/.X$display-lock" ]]; do display=$((display + 1)); done
  Xvfb ":$display" -screen 0 1280x900x24 -nolisten tcp >"$bench/work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [[ -e "/tmp/.X11-unix/X$display" ]] && break; sleep 0.1; done
  say "start and memory: $runs runs, the app and the bare app in turn"
  for run in $(seq 0 $((runs - 1))); do
    for variant in diary bare; do
      home="$bench/work/home-$variant-$run"; mkdir -p "$home"
      if [[ $variant == diary ]]; then exe="$app"; ready=(--ready-css '#settings-form'); else exe="$bare_app"; ready=(); fi
      line="$(env DISPLAY=":$display" HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
        XDG_CACHE_HOME="$home/cache" SYMPTOM_DIARY_DB="$home/diary.sqlite" \
        dbus-run-session -- python3 scripts/app-probe.py "$exe" "${ready[@]}" | grep '^{' | tail -1)"
      python3 - "$line" "$variant" "$run" >>"$raw" <<'PY'
import json, sys
m, variant, run = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
print(f"start,{variant},{run},0,{m['start_ms']}")
print(f"memory,{variant},{run},0,{m['pss_kb'] / 1024:.1f}")
PY
    done
  done
fi

python3 - "$raw" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def per_run(measure, variant):
    runs = {}
    for r in rows:
        if r["measure"] == measure and r["variant"] == variant:
            runs.setdefault(int(r["run"]), []).append(float(r["value"]))
    return {k: statistics.median(v) for k, v in sorted(runs.items())}
med = statistics.median
def spread(values, unit, digits):
    return f"{min(values):.{digits}f}–{max(values):.{digits}f}{unit}"
lines = []
def ratio_row(name, measure, unit, digits, target_ratio, target_abs=None):
    ours, base = per_run(measure, "diary"), per_run(measure, "bare")
    if not ours or not base:
        return
    ratios = [ours[k] / base[k] for k in ours if k in base]
    ok = med(ratios) <= target_ratio and (target_abs is None or med(ours.values()) <= target_abs)
    target = ", ".join(([f"≤ {target_ratio:g}×"] if target_ratio != float("inf") else [])
                       + ([f"≤ {target_abs:g} {unit}"] if target_abs else [])) or "—"
    met = ("yes" if ok else "NO") if target != "—" else "—"
    lines.append((name, f"{med(ours.values()):.{digits}f} {unit}", f"{med(base.values()):.{digits}f} {unit}",
                  f"{med(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})", target, met))
def abs_row(name, measure, unit, digits, target_abs):
    ours = per_run(measure, "diary")
    if not ours:
        return
    values = list(ours.values())
    lines.append((name, f"{med(values):.{digits}f} {unit} ({spread(values, '', digits)})", "—",
                  f"{med(values) / target_abs:.2f}× of target" if target_abs else "—",
                  f"≤ {target_abs:g} {unit}" if target_abs else "—",
                  ("yes" if med(values) <= target_abs else "NO") if target_abs else "—"))
ratio_row("save a report (add_report vs bare insert)", "save", "ms", 2, 2, 5)
abs_row("90-day trends, 10-year diary", "trends90", "ms", 2, 5)
abs_row("history screen (200 reports + 200 alerts)", "history", "ms", 2, None)
ratio_row("diary check, 10-year document (vs diary --version)", "check", "ms", 0, float("inf"), 300)
ratio_row("a year's sync backlog (vs raw POSTs of the same bundles)", "sync", "ms", 0, float("inf"))
ratio_row("app start to first screen (vs bare Tauri)", "start", "ms", 0, 1.3)
ratio_row("app memory, PSS of the process tree (vs bare Tauri)", "memory", "MiB", 0, 1.3)
head = ("measure", "ours (median)", "baseline (median)", "ratio (median, lowest–highest run)", "target", "met")
print("| " + " | ".join(head) + " |")
print("|" + "|".join("---" for _ in head) + "|")
for l in lines:
    print("| " + " | ".join(l) + " |")
print(f"\nraw figures: {sys.argv[1]}", file=sys.stderr)
PY
