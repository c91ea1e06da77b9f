#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine, skipping what is already
# there: the pinned Rust toolchains, Trunk, wasm-bindgen-cli (matching Cargo.lock), cargo-fuzz,
# Chromium and chromedriver, brotli, the npm packages (Auth emulator, Admin SDK,
# wasm-opt, Playwright) and the Python venv of the AWS stand-in. A second run takes seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

TRUNK_VERSION=0.21.14
# Splits the release build's wasm into the main module and lazily loaded pages (build-release.sh).
WASM_SPLIT_VERSION=0.2.4
# Runs the fuzz targets of fuzz/ (make fuzz; CI's fuzz-smoke) on the nightly toolchain.
CARGO_FUZZ_VERSION=0.13.2
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v brotli >/dev/null || missing+=(brotli)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_rust_tools() {
  command -v rustup >/dev/null || die "rustup is missing: install it from https://rustup.rs, then run this again"
  # Exactly the pinned toolchains: the stable one of rust-toolchain.toml (with its components and
  # the wasm32 target) and the nightly of dev/nightly-toolchain, whose rust-src the release
  # build rebuilds std from (dev/build-release.sh). Both commands return at once when present.
  rustup toolchain install --no-self-update >/dev/null
  rustup toolchain install "$NIGHTLY" --no-self-update --profile minimal --component rust-src \
    --target wasm32-unknown-unknown >/dev/null
  # -Zbuild-std builds std's own crates, which the build then takes offline: fetch them now.
  cargo "+$NIGHTLY" fetch --quiet --manifest-path "$(rustc "+$NIGHTLY" --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
  cargo fetch --quiet
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
    cargo install "trunk@$TRUNK_VERSION" --locked --quiet
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    # --locked fails for this crate on the registry mirror; the version pin is exact anyway.
    cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" --force --quiet
  fi
  if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes)"
    cargo install "cargo-fuzz@$CARGO_FUZZ_VERSION" --locked --quiet
  fi
  if ! command -v wasm-split-cli >/dev/null; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
    cargo install "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary \
      --locked --quiet
  fi
}

# npm ci only when package-lock.json changed since the last install. Optional dependencies are
# skipped unless asked for: the one that matters in dev/ is re2 (for the Hosting emulator,
# unused here), which compiles C++ from source for minutes; bench/ needs esbuild's, its binary.
install_npm() {
  local dir=$1 omit=${2:---omit=optional} stamp="$1/node_modules/.firebridge-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return; fi
  say "installing npm packages in ${dir#"$ROOT_DIR"/}"
  (cd "$dir" && npm ci $omit --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
}

install_python() {
  local stamp="$DEV_DIR/.venv/.firebridge-requirements"
  if [ -f "$stamp" ] && cmp -s "$DEV_DIR/standin/requirements.txt" "$stamp"; then return; fi
  say "installing the AWS stand-in (moto) in dev/.venv"
  python3 -m venv "$DEV_DIR/.venv"
  "$DEV_DIR/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$DEV_DIR/standin/requirements.txt"
  cp "$DEV_DIR/standin/requirements.txt" "$stamp"
}

install_debian_packages
install_rust_tools
install_npm "$DEV_DIR"
install_npm "$ROOT_DIR/tests/e2e"
install_python
# cfn-lint, checkov and the AWS CLI, in their own venv (make lint-template, make deploy).
"$DEV_DIR/lint-template.sh" --install
# `dev/install.sh bench`: also what `make bench` needs (the JavaScript SDKs, esbuild).
if [ "${1:-}" = bench ]; then install_npm "$ROOT_DIR/bench" --include=optional; fi
say "toolchain ready"
