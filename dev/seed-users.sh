#!/usr/bin/env bash
# Creates the invited users in the Auth emulator (idempotent), through its admin API.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
for email in alice@example.com bob@example.com; do
  curl -s -o /dev/null -X POST -H 'Authorization: Bearer owner' -H 'Content-Type: application/json' \
    --data "{\"email\":\"$email\",\"password\":\"firebridge-demo\",\"emailVerified\":true}" \
    "$AUTH_URL/identitytoolkit.googleapis.com/v1/projects/$FIREBASE_PROJECT/accounts"
done
