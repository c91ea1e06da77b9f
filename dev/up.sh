#!/usr/bin/env bash
# Starts the local stack: the Firebase Auth emulator and the AWS stand-in, seeded.
# Idempotent: what already runs is kept. Stop with dev/down.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_aws() {
  if is_running aws; then say "AWS stand-in already running on $AWS_URL"; return; fi
  require_free_port "$AWS_PORT" "the AWS stand-in"
  # Enforcement starts off so the seed can run unsigned, then is switched on for good.
  # Credentials as short as 15 s are accepted here (STS's minimum is 900), to test expiry.
  STANDIN_MIN_DURATION="${STANDIN_MIN_DURATION:-15}" INITIAL_NO_AUTH_ACTION_COUNT=1000000000 start aws \
    "$DEV_DIR/.venv/bin/python" "$DEV_DIR/standin/standin.py" -H 127.0.0.1 -p "$AWS_PORT"
  wait_for aws "$AWS_URL/moto-api/" 60
  "$DEV_DIR/.venv/bin/python" "$DEV_DIR/standin/seed.py" "$AWS_URL" "$RUN_DIR/aws-administrator.json"
  curl -sf -X POST -H 'Content-Type: text/plain' --data 0 "$AWS_URL/moto-api/reset-auth" >/dev/null
  say "AWS stand-in on $AWS_URL (STS, S3, IAM; signatures enforced)"
}

start_auth() {
  if is_running auth; then say "Auth emulator already running on $AUTH_URL"; return; fi
  for port in "$AUTH_PORT" 4400 4500; do require_free_port "$port" "the Auth emulator"; done
  XDG_CONFIG_HOME="$RUN_DIR/xdg" start auth "$DEV_DIR/node_modules/.bin/firebase" \
    emulators:start --only auth --project "$FIREBASE_PROJECT" --config "$DEV_DIR/firebase.json"
  wait_for auth "$AUTH_URL/emulator/v1/projects/$FIREBASE_PROJECT/config" 90
  "$DEV_DIR/seed-users.sh"
  say "Firebase Auth emulator on $AUTH_URL (project $FIREBASE_PROJECT)"
}

start_aws
start_auth
