#!/usr/bin/env bash
# The last step of dev/build-release.sh, on dist/ as Trunk left it:
# - optimizes the lazy chunks dev/split/wasm-bindgen left in $SPLIT_DIR and puts them beside the
#   main module, under the cache-busting hash Trunk gave it (Trunk hashes the whole program,
#   before splitting, so any change renames every file);
# - drops the stream classes no code calls from the glue and the main module
#   (drop-stream-exports.mjs);
# - minifies the JavaScript (wasm-bindgen's glue and the chunk loader; Trunk leaves it as is);
# - refreshes the main script's Subresource Integrity hash in index.html;
# - moves the start-up script out of index.html, for the Content-Security-Policy.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
: "${SPLIT_DIR:?set by dev/build-release.sh}"
dist="$ROOT_DIR/dist"
main_js=$(ls "$dist"/firebridge-*.js)
[ "$(wc -l <<<"$main_js")" = 1 ] || die "expected one firebridge-*.js in dist/, found: $main_js"
hash=${main_js##*/firebridge-}; hash=${hash%.js}
loader="$dist/__wasm_split-$hash.js"
sri() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$1" | base64 -w0)"; }
old_sri=$(sri "$main_js")

# The loader imports the main module's JavaScript and fetches the chunks: give it their final names.
sed "s|from \"./firebridge.js\"|from \"./firebridge-$hash.js\"|" "$SPLIT_DIR/__wasm_split.js" >"$loader"
grep -q "from \"./firebridge-$hash.js\"" "$loader" \
  || die "wasm-split's loader no longer imports ./firebridge.js: update dev/split/finish.sh"
for chunk in "$SPLIT_DIR"/*.wasm; do
  stem=$(basename "$chunk" .wasm)
  [ "$stem" = firebridge ] && continue
  # Same level and assumption as the main module (index.html); wasm-split copies a name
  # subsection binaryen does not know, stripped here anyway.
  wasm-opt -Oz --low-memory-unused --converge --strip-debug --strip-producers "$chunk" \
    -o "$dist/$stem-$hash.wasm" 2>&1 | { grep -v "unknown name subsection" >&2 || true; }
  sed -i "s|\"./$stem.wasm\"|\"./$stem-$hash.wasm\"|" "$loader"
done

# The main script imports the loader (only the import statements change: the wasm's own
# import module keeps its name).
sed -i "s|from \"./__wasm_split.js\"|from \"./__wasm_split-$hash.js\"|g" "$main_js"
grep -q "__wasm_split-$hash.js" "$main_js" || die "the main script does not import the split loader"

# Exports nothing calls (server_fn's stream classes) out of the glue and the module, so their
# code leaves the first download; the module's integrity hash follows.
main_wasm="$dist/firebridge-${hash}_bg.wasm"
old_wasm_sri=$(sri "$main_wasm")
node "$DEV_DIR/split/drop-stream-exports.mjs" "$main_js" "$main_wasm" wasm-opt
sed -i "s|$old_wasm_sri|$(sri "$main_wasm")|" "$dist/index.html"
grep -q "$(sri "$main_wasm")" "$dist/index.html" || die "index.html lost the module's integrity hash"

for script in "$main_js" "$loader"; do
  terser "$script" --module --compress --mangle -o "$script.min" && mv "$script.min" "$script"
done
sed -i "s|$old_sri|$(sri "$main_js")|" "$dist/index.html"
grep -q "$(sri "$main_js")" "$dist/index.html" || die "index.html lost the main script's integrity hash"

# No inline script is left for the Content-Security-Policy to allow (see dev/split/start-script.mjs).
node "$DEV_DIR/split/start-script.mjs" "$dist" "$hash"
