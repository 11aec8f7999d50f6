# shellcheck shell=bash
# Sourced by test.sh. The Cargo target folder lives outside the clone ($WFM_CACHE, shared by
# clones and CI runs on this machine) and only grows: every change to a workspace crate leaves
# its old test binaries and incremental state beside the new ones (gigabytes a day of work), and
# a full disk fails the build half-way. So before building, when the target folder's disk has
# less than $WFM_MIN_FREE_GB free (default 15), remove what the next build would redo anyway:
# the workspace crates' own artifacts (`cargo clean -p`, every old hash of them) and the
# incremental caches. Third-party crates stay compiled, so the build after a prune costs minutes,
# not the cold hour.

free_gb() {
    mkdir -p "$CARGO_TARGET_DIR"
    df -Pk "$CARGO_TARGET_DIR" | awk 'NR == 2 { print int($4 / 1048576) }'
}

prune_target() {
    local min="${WFM_MIN_FREE_GB:-15}" before
    before="$(free_gb)"
    if [ "$before" -ge "$min" ]; then
        return 0
    fi
    echo "test: only ${before} GB free beside $CARGO_TARGET_DIR (under ${min} GB): pruning our crates' old builds" >&2
    local crate
    for crate in engine tasks app server; do
        cargo clean --quiet -p "$crate" || true
        cargo clean --quiet -p "$crate" --target wasm32-unknown-unknown --profile wasm-release || true
    done
    rm -rf "$CARGO_TARGET_DIR"/debug/incremental "$CARGO_TARGET_DIR"/release/incremental \
        "$CARGO_TARGET_DIR"/wasm32-unknown-unknown/*/incremental
    echo "test: ${before} GB → $(free_gb) GB free" >&2
}
