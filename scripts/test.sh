#!/usr/bin/env bash
# Runs every test: `cargo test --workspace`, then the release build, its gzip files
# (scripts/precompress.sh), its size report (scripts/wasm-size.sh: printed, never fails) and the Playwright tests in headless Chromium
# (end2end/, which starts `wfm serve` on 127.0.0.1:3100 by itself).
# Every step runs even when an earlier one failed; the exit status is 1 if any failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
scripts/setup.sh
source scripts/env.sh   # setup may have switched the toolchain
source scripts/lib/services.sh
source scripts/lib/prune.sh

check_services
prune_target
failed=()
step() {
    echo "test: == $* ==" >&2
    if "$@"; then return 0; fi
    failed+=("$*")
    return 1
}
playwright() { (cd end2end && npx playwright test); }

step cargo test --workspace --no-fail-fast || true
if step cargo leptos build --release --split; then
    step scripts/precompress.sh || true
    scripts/wasm-size.sh || true
    step playwright || true
else
    failed+=("playwright (not run: no build)")
fi

report_services
if [ ${#failed[@]} -gt 0 ]; then
    printf 'test: FAILED: %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "test: all tests passed" >&2
