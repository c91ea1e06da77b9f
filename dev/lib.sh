# Shared by the dev/ scripts: where things live, and small helpers.
DEV_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(dirname "$DEV_DIR")"
RUN_DIR="$DEV_DIR/.run"
# The dated nightly of the release build and the fuzzers (the stable one is rust-toolchain.toml).
NIGHTLY="$(tr -d '[:space:]' <"$DEV_DIR/nightly-toolchain")"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
case ":$PATH:" in *":$CARGO_HOME/bin:"*) ;; *) export PATH="$CARGO_HOME/bin:$PATH" ;; esac
export FIREBASE_PROJECT="${FIREBASE_PROJECT:-demo-firebridge}"
export AWS_PORT="${AWS_PORT:-5000}"
export AUTH_PORT="${AUTH_PORT:-9099}"
export APP_PORT="${APP_PORT:-8080}"
export BUCKET="${BUCKET:-firebridge-files}"
# The origins the bucket CORS allows: trunk serve (APP_PORT) and the e2e suite's server (4173).
export APP_ORIGINS="${APP_ORIGINS:-http://localhost:$APP_PORT,http://127.0.0.1:$APP_PORT,http://127.0.0.1:4173}"
AUTH_URL="http://127.0.0.1:$AUTH_PORT"
AWS_URL="http://127.0.0.1:$AWS_PORT"

say() { printf '\033[1m[firebridge]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[firebridge] %s\033[0m\n' "$*" >&2; exit 1; }

# wait_for NAME URL SECONDS: polls until URL answers while the process recorded as NAME is
# alive; on failure shows the tail of its log.
wait_for() {
  local name=$1 url=$2 seconds=$3 log="$RUN_DIR/$1.log"
  for _ in $(seq $((seconds * 5))); do
    is_running "$name" || { tail -n 30 "$log" >&2; die "$name exited during start-up (log: $log)"; }
    curl -s -o /dev/null "$url" && return 0
    sleep 0.2
  done
  tail -n 30 "$log" >&2
  die "$name did not answer at $url within ${seconds}s (log: $log)"
}

# require_free_port PORT NAME: fails clearly when something else already listens there.
require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "port $1 (for $2) is already in use by another process; stop it, or choose another port (see dev/lib.sh)"
  fi
}

# is_running NAME: the process recorded in .run/NAME.pid is alive.
is_running() {
  local pid_file="$RUN_DIR/$1.pid"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# start NAME COMMAND...: runs COMMAND in its own process group, logging to .run/NAME.log.
start() {
  local name=$1; shift
  mkdir -p "$RUN_DIR"
  setsid "$@" >"$RUN_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}
