#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for FUZZ_SECONDS each (default 600, ten minutes),
# one after another, with cargo-fuzz on the nightly toolchain. Each target starts from a corpus
# seeded with the recorded real answers of tests/fixtures/ and keeps what it finds in
# fuzz/corpus/<target>/ for the next run. A crash stops the run; its input is left in
# fuzz/artifacts/<target>/ (make it a regression test beside the code, then fix it).
# FUZZ_TARGETS="jwt config" limits the run; CI runs all of them for 15 seconds as a smoke test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"
seconds=${FUZZ_SECONDS:-600}
fuzz_dir=(--fuzz-dir "$ROOT_DIR/fuzz")
targets=${FUZZ_TARGETS:-$(cargo "+$NIGHTLY" fuzz list "${fuzz_dir[@]}")}

# A seed input: the status as the two little-endian bytes the targets read first, then a body.
seed() {
  local target=$1 status=$2 file=$3 dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  { printf "\\x$(printf %02x $((status % 256)))\\x$(printf %02x $((status / 256)))"; cat "$file"; } \
    >"$dir/seed-$(basename "$file")"
}
for file in tests/fixtures/sts/*.xml; do seed sts_xml "$([[ $file == */error_* ]] && echo 400 || echo 200)" "$file"; done
for file in tests/fixtures/s3/*.xml tests/fixtures/iam/*.xml; do seed s3_xml 200 "$file"; done
for file in tests/fixtures/s3/error_*.xml tests/fixtures/sts/error_*.xml tests/fixtures/firebase/*.json tests/fixtures/firebase/documented/*.json; do
  seed error_bodies 400 "$file"
done
mkdir -p fuzz/corpus/config fuzz/corpus/jwt fuzz/corpus/sign_in_url
cp public/config.json fuzz/corpus/config/seed-local.json
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["idToken"], end="")' \
  tests/fixtures/firebase/sign_in_with_email_link.json >fuzz/corpus/jwt/seed-emulator-token
printf '%s' 'http://localhost:8080/login?next=identity&folder=a%2Fb%2F&mode=signIn&oobCode=Xy_12-ab&apiKey=k&lang=en#x' \
  >fuzz/corpus/sign_in_url/seed-link

mkdir -p "$RUN_DIR"
for target in $targets; do
  say "fuzzing $target for ${seconds}s"
  log="$RUN_DIR/fuzz-$target.log"
  if ! cargo "+$NIGHTLY" fuzz run "${fuzz_dir[@]}" --target-dir "$ROOT_DIR/target/fuzz" "$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "fuzz target $target found a failing input (fuzz/artifacts/$target/; full log: $log)"
  fi
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss)" "$log" || true
done
say "fuzzed: $(echo $targets) (${seconds}s each)"
