#!/usr/bin/env bash
# Set up everything and run every test: the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

# The real corpus sits beside the repository; tests that need it fail when CI=true and it is missing.
export GROUNDWORK_CORPUS="${GROUNDWORK_CORPUS:-$(cd .. && pwd)/shared/corpus}"

echo "== cargo fmt"
cargo fmt --all --check
echo "== UI: ESLint"
npm --prefix ui run lint
echo "== generated TypeScript types are up to date"
cargo test -p groundwork_api --features ts --locked export_bindings
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
    && [ -n "$(git status --porcelain -- ui/src/lib/api/generated)" ]; then
    git status --porcelain -- ui/src/lib/api/generated >&2
    echo "generated TypeScript types are stale: run \`cargo test -p groundwork_api --features ts export_bindings\` and commit ui/src/lib/api/generated" >&2
    exit 1
fi
# The desktop app (src-tauri) embeds the built UI when it compiles, so the UI is built first.
echo "== UI: build"
npm --prefix ui run build
# After the UI build: clippy compiles the desktop crate too, which embeds ui/dist.
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test (engine, API, HTTP server, CLI, desktop shell, crash safety)"
cargo test --workspace --locked

# The web UI: types and unit tests (its production build ran above), then the browser
# journeys (Debian's Chromium via playwright-core) against `groundwork serve` on temp workspaces. Each step fails the run; nothing is skipped.
echo "== UI: svelte-check"
npm --prefix ui run check
echo "== UI: unit tests (vitest)"
npm --prefix ui test
echo "== browser tests (tests/e2e)"
# Every binary at once, with the features `cargo test --workspace` resolved above: building
# one package alone resolves them differently and compiles the dependencies a second time.
cargo build --workspace --locked
(cd tests/e2e && npm ci --no-audit --no-fund && npm test)
# A room of phones writing and voting with their streams open: every note and vote lands exactly
# and every stream shows the end state. Small numbers, never timed here (BENCHMARKS.md has the timed run).
echo "== workshop load (small, correctness only)"
node scripts/workshop-load.mjs --bin target/debug/groundwork --ui ui/dist --participants 5 --notes 50 --votes 150 --check

# The real desktop binary in WebKitGTK, driven by tauri-driver + WebKitWebDriver under a
# private D-Bus session (single-instance needs one) and Xvfb: the window opens on a new temp
# workspace, the demo shows, search finds it, a second launch hands over. Fails, never skips.
echo "== desktop smoke test (tests/e2e/desktop)"
(cd tests/e2e/desktop && npm ci --no-audit --no-fund && npm test)
