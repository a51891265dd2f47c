#!/usr/bin/env bash
# Hostile-text benchmark (issue 22, item 10): a page whose text is one very long «word» made of
# a real word repeated (every seventh letter ends a known word, the worst case for splitting
# compounds), at growing sizes. The build time should grow in proportion to the size: before
# compound splitting and prefix ranking were capped, 100 KB took 20 s, 200 KB 82 s and a 10 MB
# line never finished.
#
#   bash bench/long-word-bench.sh [MEGABYTES ...]        (default: 1 2.5 5 10)
#   KOMPETANSE_BIN=target/debug/kompetanse bash bench/long-word-bench.sh 0.5 1
#
# Prints, per size, the seconds of a full build (best of RUNS, default 1) and the seconds per
# megabyte; the last column stays about the same when the work is linear. On 2026-12-06, with
# the debug binary on a shared, loaded machine: 0.5 MB 2.4 s, 1 MB 3.1 s, 2 MB 4.5 s, 5 MB 9.4 s,
# 10 MB 18.7 s (1.9 s per MB from 5 to 10 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1 2.5 5 10)
RUNS="${RUNS:-1}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kompetanse-long-word.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# KOMPETANSE_BIN: a binary to measure instead of a fresh release build.
BIN="${KOMPETANSE_BIN:-}"
if [ -z "$BIN" ]; then
  cargo build --release --locked >/dev/null 2>&1
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/kompetanse"
fi

echo "| text | build (s) | s per MB |"
echo "|---:|---:|---:|"
for mb in "${SIZES[@]}"; do
  site="$WORK/site-$mb"
  mkdir -p "$site/content"
  printf 'title: Lange ord\nbase_url: https://example.org/\n' > "$site/site.yaml"
  printf -- '---\ntitle: Forside\naccess: public\n---\n\nForsiden.\n' > "$site/content/_index.md"
  {
    printf -- '---\ntitle: Langt ord\nupdated: 2024-01-01\nowner: Test\naccess: public\n---\n\n'
    python3 -c "import sys; n = int(float(sys.argv[1]) * 1_000_000) // 7; sys.stdout.write('passord' * n + '\n')" "$mb"
  } > "$site/content/lang.md"
  best=""
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$BIN" --root "$site" build --output "$site/public" >/dev/null 2>&1 || { echo "build of $mb MB failed" >&2; exit 1; }
    end=$(date +%s.%N)
    took=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best=$took; fi
    rm -rf "$site/public"
  done
  printf '| %s MB | %.2f | %.2f |\n' "$mb" "$best" "$(echo "$best / $mb" | bc -l)"
done
