#!/usr/bin/env bash
# The hostile-file corpus (crates/core/tests/fixtures/hostile/corpus.rs) at 1, 10 and 60 MB,
# each file imported by the CLI into a fresh workspace under /usr/bin/time -v: wall time,
# peak RSS and the outcome (imported, or refused with a clear error). The figures in
# BENCHMARKS.md ("Hostile files") come from this. The corpus is generated into a temp
# folder (about 400 MB at 60 MB) and removed afterwards; nothing large is committed.
#
#   scripts/bench-hostile.sh                 # debug build of the CLI
#   BIN=target/release/groundwork scripts/bench-hostile.sh
#   SIZES="1 10" scripts/bench-hostile.sh
#   ONLY='entities|tags|links|overrides|expanding' scripts/bench-hostile.sh   # files whose name matches
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-target/debug/groundwork}"
SIZES="${SIZES:-1 10 60}"
ONLY="${ONLY:-.}"
[ -x "$BIN" ] || { echo "no $BIN: run cargo build -p groundwork-cli (or --release and BIN=target/release/groundwork)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for mb in $SIZES; do
    GROUNDWORK_HOSTILE_OUT="$OUT" GROUNDWORK_HOSTILE_MB="$mb" \
        cargo test -q -p groundwork_core --test hostile_files -- --ignored --exact \
        write_the_hostile_corpus_for_the_benchmark >/dev/null
done
printf '| file | size | via | expected | outcome | wall s | peak RSS MB |\n|---|---:|---|---|---|---:|---:|\n'
for mb in $SIZES; do
    while IFS=$'\t' read -r path via expect attack; do
        [[ "$(basename "$path")" =~ $ONLY ]] || continue
        ws="$OUT/ws-$$-$RANDOM"
        "$BIN" --workspace "$ws" init >/dev/null
        case "$via" in
            import) cmd=("$BIN" --workspace "$ws" import "$path") ;;
            persona) cmd=("$BIN" --workspace "$ws" import --as persona "$path") ;;
            tree) cmd=("$BIN" --workspace "$ws" tree import "$path") ;;
        esac
        set +e
        /usr/bin/time -f '%e %M' -o "$OUT/time" "${cmd[@]}" >"$OUT/stdout" 2>"$OUT/stderr"
        status=$?
        set -e
        # A failing command gets a "Command exited with non-zero status" line first.
        read -r wall rss < <(tail -n 1 "$OUT/time")
        if [ "$status" -eq 0 ]; then outcome="imported"; else outcome="refused: $(cat "$OUT/stdout" "$OUT/stderr" | grep -m1 -E '^(failed|error)' | sed -E "s#^(failed +|error: )##; s#$OUT/[^/]+/##" | cut -c1-110 | tr '|' '/')"; fi
        size=$(du -h --apparent-size "$path" | cut -f1)
        printf '| %s | %s | %s | %s | %s | %s | %d |\n' "$(basename "$path")" "$size" "$via" "$expect" "$outcome" "$wall" "$((rss / 1024))"
        rm -rf "$ws"
    done <"$OUT/files-${mb}mb.tsv"
done
