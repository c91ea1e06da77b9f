#!/usr/bin/env bash
# The release build that ships and that the size budget measures: `trunk build --release`,
# compiled by the nightly toolchain with the standard library rebuilt for size.
#
# Why nightly: rebuilding std with the app (build-std) lets LTO drop what the app never calls,
# `-Cpanic=immediate-abort` removes the panic formatting machinery, `-Zlocation-detail=none`
# drops source paths from panics, and `-Zfmt-debug=none` compiles every `{:?}` to nothing (so no
# Debug output can ever show a secret in the browser), and std's `optimize_for_size` picks its
# smaller algorithms. Together 29 KB of brotli (12%) on 2026-11-21.
# The stable toolchain still builds everything else: tests, clippy, `trunk serve`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

# The nightly is pinned (dev/nightly-toolchain): std's code, and so every size figure, is the same
# on every machine. dev/install.sh installs it; this only checks.
sysroot=$(rustc "+$NIGHTLY" --print sysroot 2>/dev/null) && [ -d "$sysroot/lib/rustlib/src/rust/library" ] \
  || die "the release build needs $NIGHTLY with rust-src and the wasm32 target: run dev/install.sh"
# The build below is offline (Trunk passes --offline to cargo): the app's crates and std's own
# must be on disk first. Both return at once when they are.
cargo fetch --quiet
cargo "+$NIGHTLY" fetch --quiet --manifest-path "$sysroot/lib/rustlib/src/rust/library/Cargo.toml"

export RUSTUP_TOOLCHAIN=$NIGHTLY
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# --emit-relocs: wasm-split-cli needs the linker's relocations to cut the module into chunks.
export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Clink-args=--emit-relocs"

# Code splitting (feature `split`, src/platform/chunk.rs): Trunk has no step between Cargo and
# wasm-bindgen, so dev/split/wasm-bindgen stands in for wasm-bindgen and splits first.
export SPLIT_DIR="$ROOT_DIR/target/wasm-split"
REAL_WASM_BINDGEN=$(command -v wasm-bindgen) || die "wasm-bindgen is missing: run dev/install.sh"
command -v wasm-split-cli >/dev/null || die "wasm-split-cli is missing: run dev/install.sh"
export REAL_WASM_BINDGEN
# --minify: Trunk minifies the HTML and CSS; dev/split/finish.sh does the JavaScript.
PATH="$DEV_DIR/split:$PATH" trunk build --release --offline --minify --features split "$@"
"$DEV_DIR/split/finish.sh"
