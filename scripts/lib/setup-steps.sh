# shellcheck shell=bash
# The steps of setup.sh, one function each. Sourced after env.sh.

say() { echo "setup: $*" >&2; }

# Runs apt-get as root (directly or through sudo) for the packages not yet installed.
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "apt-get install ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Whether `$1 --version` prints exactly `$2` (first line).
has_version() {
    [ -x "$1" ] && [ "$("$1" --version 2>/dev/null | head -n1)" = "$2" ]
}

# rustc's minor version (1.96.0 → 96) for the given rustc binary.
rustc_minor() {
    "$1" --version 2>/dev/null | awk '{ split($2, v, "."); print v[2] + 0 }'
}

ensure_wasm_toolchain() {
    if [ "$WFM_RUST" = rustup ] && command -v rustup >/dev/null; then
        if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
            echo rustup >"$WFM_CACHE/toolchain"
            return
        fi
        say "rustup target add wasm32-unknown-unknown (3 min limit)"
        if timeout 180 rustup target add wasm32-unknown-unknown; then
            echo rustup >"$WFM_CACHE/toolchain"
            return
        fi
        say "rustup's wasm32 target could not be installed; using Debian's rustc-web instead"
    fi
    ensure_debian_rust
    ensure_debian_wasm_std
    echo debian >"$WFM_CACHE/toolchain"
    # Re-read the environment: PATH and CARGO_TARGET_DIR change with the toolchain.
    unset CARGO_TARGET_DIR
    source "$WFM_ROOT/scripts/env.sh"
}

# Debian's Rust 1.96 (`rustc-web`), exposed through $WFM_TOOLS/debian-rust/bin.
ensure_debian_rust() {
    # /usr/bin/rust-lld points at lld-22, which rust-web-llvm does not depend on.
    apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
    mkdir -p "$WFM_TOOLS/debian-rust/bin"
    for tool in cargo rustc rustdoc; do
        ln -sf "/usr/bin/$tool" "$WFM_TOOLS/debian-rust/bin/$tool"
    done
}

# A wasm32 std for Debian's rustc, built once from Debian's std sources (~40 s).
ensure_debian_wasm_std() {
    local lib=/usr/lib/rustlib/wasm32-unknown-unknown/lib
    if ls "$lib"/libstd-*.rlib >/dev/null 2>&1; then return; fi
    say "building the wasm32 std for Debian's rustc"
    local dir sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    dir="$(mktemp -d)"
    (
        cd "$dir" && /usr/bin/cargo new --lib --vcs none wasmstd -q && cd wasmstd
        # -Cembed-bitcode=yes: the wasm profile's `lto = true` needs the bitcode section.
        RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cembed-bitcode=yes" /usr/bin/cargo build \
            --release --target wasm32-unknown-unknown \
            -Zbuild-std=std,panic_abort,panic_unwind,proc_macro
        $sudo mkdir -p "$lib"
        $sudo rm -f "$lib"/*.rlib
        find target/wasm32-unknown-unknown/release/deps -name 'lib*.rlib' ! -name 'libwasmstd-*' \
            -exec $sudo cp {} "$lib/" \;
    )
    rm -rf "$dir"
}

# cargo-leptos with `no_downloads` (it then finds wasm-bindgen, wasm-opt and tailwindcss on
# PATH). Its `--locked` build needs rustc ≥ 1.96; its own release profile (fat LTO, 1 codegen
# unit) takes ~32 min on 2 cores, thin settings ~20 min, so those are used.
ensure_cargo_leptos() {
    local bin="$WFM_TOOLS/bin/cargo-leptos" want="cargo-leptos $WFM_CARGO_LEPTOS_VERSION"
    has_version "$bin" "$want" && return
    local cargo=cargo rustc=rustc
    if [ "$(rustc_minor rustc)" -lt 96 ]; then
        apt_install rustc-web cargo-web
        cargo=/usr/bin/cargo rustc=/usr/bin/rustc
    fi
    say "building $want with $($rustc --version) (~20 min on 2 cores; log: $WFM_CACHE/logs/cargo-leptos.log)"
    RUSTC="$rustc" CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        CARGO_TARGET_DIR="$WFM_CACHE/tools-build" \
        "$cargo" install cargo-leptos --version "$WFM_CARGO_LEPTOS_VERSION" \
        --features no_downloads --locked --root "$WFM_TOOLS" \
        >"$WFM_CACHE/logs/cargo-leptos.log" 2>&1 \
        || { tail -n 30 "$WFM_CACHE/logs/cargo-leptos.log" >&2; return 1; }
}

# wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen (~6.5 min). Without --locked: its lock
# pins a webpki-roots version that the registry no longer serves.
ensure_wasm_bindgen() {
    local version
    version="$(wfm_wasm_bindgen_version)"
    [ -n "$version" ] || { say "Cargo.lock pins no wasm-bindgen"; return 1; }
    has_version "$WFM_TOOLS/bin/wasm-bindgen" "wasm-bindgen $version" && return
    say "building wasm-bindgen-cli $version (~7 min; log: $WFM_CACHE/logs/wasm-bindgen.log)"
    CARGO_TARGET_DIR="$WFM_CACHE/tools-build-wbg" \
        cargo install wasm-bindgen-cli --version "$version" --root "$WFM_TOOLS" --force \
        >"$WFM_CACHE/logs/wasm-bindgen.log" 2>&1 \
        || { tail -n 30 "$WFM_CACHE/logs/wasm-bindgen.log" >&2; return 1; }
}

# `npm ci` in $1 when its package-lock.json changed since the last install.
ensure_npm_tools() {
    local dir="$1"
    if (cd "$dir" && sha256sum --status -c node_modules/.wfm-lock.sha256 2>/dev/null); then
        return
    fi
    say "npm ci in ${dir#"$WFM_ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    (cd "$dir" && sha256sum package-lock.json >node_modules/.wfm-lock.sha256)
}

ensure_chromium() {
    [ -x /usr/bin/chromium ] || apt_install chromium
}

# zopfli for scripts/precompress.sh (smaller gzip files of the wasm); optional: without it the
# script uses gzip -9.
ensure_zopfli() {
    command -v zopfli >/dev/null || apt_install zopfli || say "zopfli not installed; precompress.sh falls back to gzip -9"
}
