#!/usr/bin/env bash
# Build benchmark: kompetanse against Hugo (and Zola, when `zola` is on PATH or ZOLA is set)
# on the same synthetic pages.
#
#   bash bench/build-bench.sh [SIZE ...]        (default: 1000 10000 50000)
#
# For each size it generates the corpus with gen_corpus.py (--flavor kompetanse, hugo, zola;
# set GEN_CORPUS to its path, default ../shared/bench/gen_corpus.py) into BENCH_DIR (default
# /dev/shm/kompetanse-bench: tmpfs, so the disk does not decide), builds each tool RUNS times
# (default 3; 1 at 50,000 pages) after one warm-up and reports, per tool, the median CPU time
# (user + sys, from /usr/bin/time: unlike wall-clock time it does not depend on what else the
# machine runs), the median wall-clock time, the largest peak RSS, and the output size; for
# kompetanse also the search index (and gzipped). Needs: hugo (Debian package), python3,
# /usr/bin/time, a release build of kompetanse.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
GEN="${GEN_CORPUS:-$ROOT/../shared/bench/gen_corpus.py}"
WORK="${BENCH_DIR:-/dev/shm/kompetanse-bench}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 50000)
for tool in hugo python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install hugo time)" >&2; exit 1; }
done
[ -f "$GEN" ] || { echo "gen_corpus.py not found at $GEN; set GEN_CORPUS" >&2; exit 1; }
ZOLA="${ZOLA:-$(command -v zola || true)}"

cargo build --release --locked >/dev/null 2>&1
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/kompetanse"
mkdir -p "$WORK"

# Runs "$@" RUNS times after a warm-up; prints "cpu_median wall_median max_rss_mib".
measure() {
  local runs=$1; shift
  "$@" >/dev/null 2>&1
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%U %S %e %M" "$@" 2>&1 >/dev/null | tail -1
  done | python3 -c '
import statistics, sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
cpu = statistics.median(u + s for u, s, _, _ in rows)
wall = statistics.median(w for _, _, w, _ in rows)
print(f"{cpu:.2f} {wall:.2f} {max(m for *_, m in rows) / 1024:.0f}")'
}

echo "| pages | tool | CPU (user+sys), median | wall, median | peak RSS | output | CPU / Hugo's | RSS / Hugo's |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  runs=${RUNS:-3}; [ "$n" -ge 50000 ] && runs=${RUNS_LARGE:-1}
  k="$WORK/k-$n"; h="$WORK/h-$n"; z="$WORK/z-$n"
  [ -d "$k" ] || { python3 "$GEN" --pages "$n" --flavor kompetanse --out "$k" >/dev/null
    mkdir -p "$k/themes" && cp -r "$ROOT/themes/default" "$k/themes/"; }
  [ -d "$h" ] || python3 "$GEN" --pages "$n" --flavor hugo --out "$h" >/dev/null
  read -r hcpu hwall hmem < <(measure "$runs" hugo --quiet --source "$h" --destination "$WORK/h-out-$n" --cleanDestinationDir)
  read -r kcpu kwall kmem < <(measure "$runs" "$BIN" --root "$k" build --output "$WORK/k-out-$n")
  row() { python3 -c '
import sys
n, tool, cpu, wall, mem, out, hcpu, hmem, extra = sys.argv[1:]
print(f"| {int(n):,} | {tool} | {float(cpu):.2f} s | {float(wall):.2f} s | {mem} MiB | {out} MiB | {float(cpu)/float(hcpu):.2f} | {float(mem)/float(hmem):.2f} |{extra}".replace(",", " "))' "$@"; }
  row "$n" Hugo "$hcpu" "$hwall" "$hmem" "$(du -sm "$WORK/h-out-$n" | cut -f1)" "$hcpu" "$hmem" ""
  idx=$(du -cb "$WORK/k-out-$n"/search/* | tail -1 | cut -f1)
  idxgz=$(cat "$WORK/k-out-$n"/search/* | gzip -6 | wc -c)
  row "$n" kompetanse "$kcpu" "$kwall" "$kmem" "$(du -sm "$WORK/k-out-$n" | cut -f1)" "$hcpu" "$hmem" \
    " search index $((idx / 1000)) kB (gzip $((idxgz / 1000)) kB)"
  if [ -n "$ZOLA" ]; then
    [ -d "$z" ] || python3 "$GEN" --pages "$n" --flavor zola --out "$z" >/dev/null
    read -r zcpu zwall zmem < <(cd "$z" && measure "$runs" "$ZOLA" build --force --output-dir "$WORK/z-out-$n")
    row "$n" "Zola ($("$ZOLA" --version))" "$zcpu" "$zwall" "$zmem" "$(du -sm "$WORK/z-out-$n" | cut -f1)" "$hcpu" "$hmem" ""
  fi
done
