# shellcheck shell=bash
# Environment shared by setup.sh, dev.sh and test.sh. Sourced, never run; changes nothing on disk.
#
# Tools and compiled artifacts live outside the clone, under $WFM_CACHE, so a second clone (or a
# CI run on the same machine) reuses them: cargo-leptos and wasm-bindgen in $WFM_CACHE/tools/bin,
# the Cargo target folder in $WFM_CACHE/target.

WFM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WFM_ROOT
export WFM_CACHE="${WFM_CACHE:-$HOME/.cache/wfm}"
export WFM_TOOLS="$WFM_CACHE/tools"

# Pinned tool versions (wasm-bindgen's comes from Cargo.lock; npm packages from package-lock.json).
export WFM_CARGO_LEPTOS_VERSION="0.3.11"

# Which compiler builds the workspace: "rustup" (its wasm32 target could be installed) or
# "debian" (rustc-web plus a wasm32 std built from Debian's sources); setup.sh decides once.
WFM_RUST="$(cat "$WFM_CACHE/toolchain" 2>/dev/null || echo rustup)"
export WFM_RUST
if [ "$WFM_RUST" = debian ]; then
    # One compiler per target folder: mixing them would rebuild everything twice.
    export PATH="$WFM_TOOLS/debian-rust/bin:$PATH"
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$WFM_CACHE/target-debian}"
else
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$WFM_CACHE/target}"
fi

export PATH="$WFM_TOOLS/bin:$WFM_ROOT/style/node_modules/.bin:$PATH"
# Playwright drives Debian's Chromium; it must never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# wasm-bindgen version that Cargo.lock pins (the CLI must match it exactly).
wfm_wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
        "$WFM_ROOT/Cargo.lock"
}
