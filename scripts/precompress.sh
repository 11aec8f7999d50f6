#!/usr/bin/env bash
# Writes `<file>.gz` beside each wasm, JS and CSS file of the built site's pkg/ folder, for the
# server to send as is (server/src/web/precompressed.rs) instead of gzipping on the fly. zopfli
# (Debian's package, installed by setup.sh) makes gzip files a few percent smaller than `gzip -9`
# at the cost of seconds per file, which a build can pay once and a server cannot per request;
# without zopfli, `gzip -9`. Files whose `.gz` is already newer are skipped, so a second run after
# an unchanged build does nothing. Run after `cargo leptos build` (dev.sh and test.sh do).
#
#   scripts/precompress.sh [PKG_DIR]     (default: $CARGO_TARGET_DIR/site/pkg)
set -euo pipefail
pkg="${1:-}"
[ -z "$pkg" ] || pkg="$(cd "$pkg" && pwd)"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
pkg="${pkg:-$CARGO_TARGET_DIR/site/pkg}"
[ -d "$pkg" ] || { echo "precompress: no folder $pkg (build the site first)" >&2; exit 1; }

if command -v zopfli >/dev/null; then
    tool=zopfli
    # zopfli writes <file>.gz itself; -c to a temporary name keeps a half-written file from being served.
    compress() { zopfli -c "$1" >"$1.gz.part" && mv "$1.gz.part" "$1.gz"; }
else
    tool="gzip -9 (zopfli not installed)"
    compress() { gzip -9 -n -c "$1" >"$1.gz.part" && mv "$1.gz.part" "$1.gz"; }
fi
export -f compress

started=$SECONDS
todo=()
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
    [ -f "$f" ] || continue
    [ "$f.gz" -nt "$f" ] && continue
    todo+=("$f")
done
if [ ${#todo[@]} -gt 0 ]; then
    printf '%s\0' "${todo[@]}" | xargs -0 -n 1 -P "$(nproc)" bash -c 'compress "$0"'
fi
echo "precompress: ${#todo[@]} files with $tool in $((SECONDS - started)) s ($pkg)" >&2
