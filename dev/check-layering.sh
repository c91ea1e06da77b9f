#!/usr/bin/env bash
# docs/ARCHITECTURE.md: only platform/, services/ and ui/ (and main.rs) may name browser or Leptos crates;
# the pure modules must compile and test natively.
cd "$(dirname "$0")/.."
leaks=$(grep -rlE '\b(web_sys|js_sys|wasm_bindgen|wasm_bindgen_futures|gloo[a-z_]*|leptos[a-z_]*|reqwest)::' src \
  | grep -vE '^src/(platform|ui|services)/|^src/main\.rs$')
if [ -n "$leaks" ]; then
  echo "These pure modules name browser or Leptos crates (move that code to platform/ or ui/):" >&2
  echo "$leaks" >&2
  exit 1
fi
echo "layering: pure modules are free of browser and Leptos types"
