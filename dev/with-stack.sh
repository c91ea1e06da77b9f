#!/usr/bin/env bash
# Runs a command with the local stack up. Stops the stack afterwards only if it started it
# here, so `make test` beside a running `make dev` leaves the developer's stack alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
already_running=false
if is_running aws && is_running auth; then already_running=true; fi
"$DEV_DIR/up.sh"
status=0
"$@" || status=$?
if ! $already_running; then "$DEV_DIR/down.sh" >/dev/null; fi
exit $status
