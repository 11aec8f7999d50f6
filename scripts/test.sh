#!/usr/bin/env bash
# Runs every test: `cargo test --workspace`, then the release build and the Playwright tests in
# headless Chromium (end2end/, which starts `wfm serve` on 127.0.0.1:3100 by itself).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
scripts/setup.sh
source scripts/env.sh   # setup may have switched the toolchain
source scripts/lib/services.sh

check_services
trap report_services EXIT

step() { echo "test: == $* ==" >&2; }
step "cargo test --workspace"
cargo test --workspace
step "cargo leptos build --release"
cargo leptos build --release
step "playwright (end2end/)"
(cd end2end && npx playwright test)
step "all tests passed"
