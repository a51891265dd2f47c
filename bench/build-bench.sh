#!/usr/bin/env bash
# Build benchmark: kompetanse against Hugo on the same synthetic pages.
#
#   bash bench/build-bench.sh [SIZE ...]        (default: 1000 10000 50000)
#
# For each size it generates the corpus twice with gen_corpus.py (--flavor kompetanse and
# --flavor hugo; set GEN_CORPUS to its path, default ../shared/bench/gen_corpus.py), times
# full builds of both with hyperfine (median of RUNS runs, default 5; 3 at 50,000 pages),
# measures peak memory with /usr/bin/time -v, and reports output size and search index size.
# Needs: hyperfine, hugo (Debian packages), python3, a release build of kompetanse.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
GEN="${GEN_CORPUS:-$ROOT/../shared/bench/gen_corpus.py}"
WORK="${BENCH_DIR:-/tmp/kompetanse-bench}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 50000)
for tool in hyperfine hugo python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install hyperfine hugo time)" >&2; exit 1; }
done
[ -f "$GEN" ] || { echo "gen_corpus.py not found at $GEN; set GEN_CORPUS" >&2; exit 1; }

cargo build --release --locked >/dev/null 2>&1
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/kompetanse"
mkdir -p "$WORK"

peak_mib() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ { printf "%.0f", $2 / 1024 }'; }

echo "| pages | kompetanse median | Hugo median | ratio (Hugo / kompetanse) | kompetanse peak RSS | Hugo peak RSS | kompetanse output | Hugo output | search index (gzip) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  k="$WORK/k-$n"; h="$WORK/h-$n"
  python3 "$GEN" --pages "$n" --flavor kompetanse --out "$k" >/dev/null
  python3 "$GEN" --pages "$n" --flavor hugo --out "$h" >/dev/null
  mkdir -p "$k/themes" && cp -r "$ROOT/themes/default" "$k/themes/"
  runs=${RUNS:-5}; [ "$n" -ge 50000 ] && runs=${RUNS_LARGE:-3}
  kcmd="$BIN --root $k build --output $WORK/k-out-$n"
  hcmd="hugo --quiet --source $h --destination $WORK/h-out-$n --cleanDestinationDir"
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$WORK/hyperfine-$n.json" "$kcmd" "$hcmd" >/dev/null
  read -r kmed hmed < <(python3 - "$WORK/hyperfine-$n.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(r[0]["median"], r[1]["median"])
PY
)
  kmem=$(peak_mib $kcmd); hmem=$(peak_mib $hcmd)
  kout=$(du -sm "$WORK/k-out-$n" | cut -f1); hout=$(du -sm "$WORK/h-out-$n" | cut -f1)
  idx=$(du -cb "$WORK/k-out-$n"/search/* | tail -1 | cut -f1)
  idxgz=$(cat "$WORK/k-out-$n"/search/* | gzip -6 | wc -c)
  python3 - "$n" "$kmed" "$hmed" "$kmem" "$hmem" "$kout" "$hout" "$idx" "$idxgz" <<'PY'
import sys
n, k, h, km, hm, ko, ho, idx, gz = sys.argv[1:]
k, h = float(k), float(h)
print(f"| {int(n):,} | {k:.2f} s | {h:.2f} s | {h/k:.1f}× | {km} MiB | {hm} MiB | {ko} MiB | {ho} MiB | {int(idx)/1e6:.1f} MB ({int(gz)/1e6:.1f} MB) |".replace(",", " "))
PY
done
