#!/usr/bin/env bash
# Builds the app (wasm + server, release) and serves it at http://127.0.0.1:3000 with the
# example workflows of workflows/. Set WFM_ADDR to listen elsewhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
scripts/setup.sh
source scripts/env.sh   # setup may have switched the toolchain

cargo leptos build --release --split
scripts/precompress.sh
mkdir -p data
export WFM_WORKFLOWS_DIR="${WFM_WORKFLOWS_DIR:-$WFM_ROOT/workflows}"
addr="${WFM_ADDR:-127.0.0.1:3000}"
echo "dev: http://$addr" >&2
exec "$CARGO_TARGET_DIR/release/wfm" serve --addr "$addr"
