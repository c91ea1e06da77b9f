#!/usr/bin/env bash
# Prints the version of every toolchain and tool the build and the tests use, as installed:
# what CI ran with, for comparing one machine with another.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"
version() { printf '  %-20s %s\n' "$1" "$("${@:2}" 2>/dev/null | head -n 1)"; }
installed() { cargo install --list --root "$CARGO_HOME" | grep "^$1 "; }
say "versions"
version "rustc (stable)" rustc --version
version "rustc (nightly)" rustc "+$NIGHTLY" --version
version "cargo" cargo --version
version "trunk" trunk --version
version "wasm-bindgen" wasm-bindgen --version
version "wasm-split-cli" installed wasm_split_cli_support
version "cargo-fuzz" cargo "+$NIGHTLY" fuzz --version
version "wasm-opt" "$DEV_DIR/node_modules/.bin/wasm-opt" --version
version "node" node --version
version "firebase-tools" "$DEV_DIR/node_modules/.bin/firebase" --version
version "playwright-core" node -p "require('$ROOT_DIR/tests/e2e/node_modules/playwright-core/package.json').version"
version "chromium" chromium --version
version "chromedriver" chromedriver --version
version "python" "$DEV_DIR/.venv/bin/python" --version
version "moto" "$DEV_DIR/.venv/bin/python" -c "import moto; print(moto.__version__)"
