#!/usr/bin/env bash
# The one test command (README.md): installs what the tests need on a fresh Debian machine,
# then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust tests (unit and integration)"
cargo test --all-targets --locked
