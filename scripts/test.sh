#!/usr/bin/env bash
# Set up everything and run every test: the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

# The real corpus sits beside the repository; tests that need it fail when CI=true and it is missing.
export GROUNDWORK_CORPUS="${GROUNDWORK_CORPUS:-$(cd .. && pwd)/shared/corpus}"

echo "== cargo fmt"
cargo fmt --all --check
echo "== cargo test (engine, CLI, crash safety)"
cargo test --workspace --locked
