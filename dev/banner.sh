#!/usr/bin/env bash
# What a developer needs once the stack is up: where the app is, who can sign in, where links go.
source "$(dirname "$0")/lib.sh"
cat <<TEXT

  Firebridge is starting at   http://127.0.0.1:$APP_PORT   (trunk serve; the first build takes a minute or two)

  Seeded users (invited):     alice@example.com, bob@example.com  (password: firebridge-demo; team demo)
  Invite another address:     make invite EMAIL=you@example.com [TEAM=name] [READ_ONLY=1]
  Sign-in links appear at:    $AUTH_URL/emulator/v1/projects/$FIREBASE_PROJECT/oobCodes
                              (or run: dev/latest-link.sh alice@example.com)
  Auth emulator:              $AUTH_URL   (project $FIREBASE_PROJECT)
  AWS stand-in:               $AWS_URL   (STS, S3, IAM; bucket $BUCKET)
  Logs:                       dev/.run/*.log

  Ctrl-C stops everything (or: make down).

TEXT
