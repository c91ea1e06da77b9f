#!/usr/bin/env bash
# Creates the local stack's users in the Auth emulator (idempotent) and invites them with the
# administrators' own tool (dev/invite.mjs): both in team "demo", so the Team page has members.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export FIREBASE_AUTH_EMULATOR_HOST="127.0.0.1:$AUTH_PORT"
for email in alice@example.com bob@example.com; do
  curl -s -o /dev/null -X POST -H 'Authorization: Bearer owner' -H 'Content-Type: application/json' \
    --data "{\"email\":\"$email\",\"password\":\"firebridge-demo\",\"emailVerified\":true}" \
    "$AUTH_URL/identitytoolkit.googleapis.com/v1/projects/$FIREBASE_PROJECT/accounts"
  node "$DEV_DIR/invite.mjs" invite "$email" --team demo --url "http://127.0.0.1:$APP_PORT" >/dev/null
done
