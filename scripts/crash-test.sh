#!/usr/bin/env bash
# The crash test at scale (not part of CI, which runs 50 kills): kill -9 at random moments
# across import, edits, tree moves, trash, reindex and migration, `groundwork check` after
# every kill, the stored objects compared with what was acknowledged before it. Prints
# "crash test: N kills (...), M acknowledged writes, 0 lost, 0 failed checks, S s".
#   scripts/crash-test.sh [KILLS]     (default 1000; runs under nice, the machine is shared)
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-1000}"
# The run takes about an hour: it runs copies of the CLI and of the test binary, so a rebuild
# meanwhile changes nothing under it.
test_bin=$(cargo test -p groundwork-cli --test crash --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\/crash-[^"]*\)".*/\1/p' | tail -1)
cargo build -p groundwork-cli
frozen=$(mktemp -d)
trap 'rm -rf "$frozen"' EXIT
cp target/debug/groundwork "$frozen/groundwork"
cp "$test_bin" "$frozen/crash"
GROUNDWORK_BIN="$frozen/groundwork" GROUNDWORK_CRASH_KILLS="$kills" nice -n 10 "$frozen/crash" \
  --exact kill_9_at_random_moments_never_loses_an_acknowledged_write --nocapture 2>&1 \
  | grep -E "crash test:|panicked|round [0-9]+|test result"
