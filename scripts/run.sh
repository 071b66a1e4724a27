#!/usr/bin/env bash
# Installs what is needed, builds Symptom Diary and opens it on the local default
# diary (the platform data directory, or $SYMPTOM_DIARY_DB when set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-ui.sh
cargo build --release --locked --bin symptom-diary
exec "${CARGO_TARGET_DIR:-target}/release/symptom-diary" "$@"
