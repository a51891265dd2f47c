#!/usr/bin/env bash
# Dates from Git at scale: the one-pass history read against a `git log` per file.
#
#   bash bench/git-dates-bench.sh [PAGES]        (default: 10000)
#
# Generates PAGES pages with gen_corpus.py (set GEN_CORPUS to its path, default
# ../shared/bench/gen_corpus.py), commits them, then makes COMMITS commits (default 500) that
# each edit 20 random pages (a year of editing), with fixed dates. Then it times:
#   - the `git log` call that src/git.rs makes, alone;
#   - `kompetanse check` in the repository and in a copy without .git (the difference is
#     what Git dates cost in a build);
#   - `git log -1` per file for 500 files, extrapolated to PAGES (what one call saves).
# Needs: git, python3, bc, a release build of kompetanse (built here unless KOMPETANSE_BIN is set).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
GEN="${GEN_CORPUS:-$ROOT/../shared/bench/gen_corpus.py}"
PAGES="${1:-10000}"
COMMITS="${COMMITS:-500}"
WORK="${BENCH_DIR:-/tmp/kompetanse-git-bench}"
[ -f "$GEN" ] || { echo "gen_corpus.py not found at $GEN; set GEN_CORPUS" >&2; exit 1; }

# KOMPETANSE_BIN: a kompetanse binary to use instead of a fresh release build.
BIN="${KOMPETANSE_BIN:-}"
if [ -z "$BIN" ]; then
  cargo build --release --locked >/dev/null 2>&1
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/kompetanse"
fi

repo="$WORK/repo-$PAGES"; plain="$WORK/plain-$PAGES"
rm -rf "$repo" "$plain"; mkdir -p "$WORK"
python3 "$GEN" --pages "$PAGES" --flavor kompetanse --out "$repo" >/dev/null
mkdir -p "$repo/themes" && cp -r "$ROOT/themes/default" "$repo/themes/"
cp -r "$repo" "$plain"
# In the repository the pages take their dates from Git; the copy without .git keeps `updated`.
find "$repo/content" -name '*.md' ! -name '_index.md' -exec sed -i '0,/^updated: /{/^updated: /d}' {} +

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.no
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.no
cd "$repo"
git init -q -b main
git add -A
GIT_AUTHOR_DATE=2024-01-01T12:00:00Z GIT_COMMITTER_DATE=2024-01-01T12:00:00Z git commit -q -m "Import"
mapfile -t pages < <(git ls-files 'content/*.md' | grep -v '_index.md')
RANDOM=2024
for ((c = 1; c <= COMMITS; c++)); do
  for ((k = 0; k < 20; k++)); do
    printf '\nEndring %d.\n' "$c" >> "${pages[RANDOM % ${#pages[@]}]}"
  done
  day=$(date -u -d "2024-01-01 + $((c * 365 / COMMITS)) days" +%F)
  GIT_AUTHOR_DATE="${day}T12:00:00Z" GIT_COMMITTER_DATE="${day}T12:00:00Z" git commit -qam "Endring $c"
done

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
runs=5
log_time=$(for _ in $(seq $runs); do seconds git -c core.quotePath=false log -z -M --name-status --no-color '--format=%x1e%H%x1f%aI%x1f%aN%x1f%s' -- content; done | median)
with_git=$(for _ in $(seq $runs); do seconds "$BIN" --root "$repo" check; done | median)
without_git=$(for _ in $(seq $runs); do seconds "$BIN" --root "$plain" check; done | median)
sample=500
per_file=$(seconds sh -c "for f in \$(git ls-files 'content/*.md' | head -n $sample); do git log -1 --format=%aI -- \"\$f\" >/dev/null; done")
per_file_all=$(echo "$per_file * $PAGES / $sample" | bc -l)
printf '| pages | commits | git log (one call) | check with Git | check without .git | git log per file (extrapolated) |\n'
printf '|---:|---:|---:|---:|---:|---:|\n'
printf '| %d | %d | %.2f s | %.2f s | %.2f s | %.0f s |\n' "$PAGES" "$((COMMITS + 1))" "$log_time" "$with_git" "$without_git" "$per_file_all"
