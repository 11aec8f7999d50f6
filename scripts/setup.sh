#!/usr/bin/env bash
# Idempotent setup for building, serving and testing WorkflowManager. Run by dev.sh and test.sh;
# quick (a few seconds) when everything is already in place. Fetches only from crates.io, npm
# and Debian's apt. Steps, each skipped when already done:
#   1. a Rust toolchain that builds wasm32-unknown-unknown (rustup's target, else Debian's)
#   2. cargo-leptos (no_downloads) and wasm-bindgen-cli at the lockfile's version
#   3. Tailwind + wasm-opt (style/) and Playwright (end2end/) from npm
#   4. Chromium and zopfli from Debian
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$WFM_ROOT/scripts/lib/setup-steps.sh"

mkdir -p "$WFM_TOOLS/bin" "$WFM_CACHE/logs"
# Two setups at once (dev.sh beside test.sh) would build the same tools twice.
exec 9>"$WFM_CACHE/setup.lock"
flock 9

started=$SECONDS
ensure_wasm_toolchain
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_npm_tools "$WFM_ROOT/style"
ensure_npm_tools "$WFM_ROOT/end2end"
ensure_chromium
ensure_zopfli
say "ready in $((SECONDS - started)) s (toolchain: $WFM_RUST, target: $CARGO_TARGET_DIR)"
