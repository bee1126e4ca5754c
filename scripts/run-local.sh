#!/usr/bin/env bash
# Runs image-scanner on this machine: the report store, the API and one scanner worker, each
# as its own process, against the local Docker Engine and Redis. Ctrl-C stops all three.
#
# Env: API_PORT (5001), REPORT_STORE_PORT (5003), REDIS_URL, FEED_DIR (./var/feeds),
#      REPORT_STORE_DIR (./var/reports). Feeds go in FEED_DIR/<distro>/<release>/, for
#      example var/feeds/rhel/8/rhel-8.oval.xml.bz2 (see docs/feeds.md).
set -euo pipefail
cd "$(dirname "$0")/.."

export API_PORT="${API_PORT:-5001}"
export REPORT_STORE_PORT="${REPORT_STORE_PORT:-5003}"
export REPORT_STORE_URL="${REPORT_STORE_URL:-http://127.0.0.1:$REPORT_STORE_PORT}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export FEED_DIR="${FEED_DIR:-$PWD/var/feeds}"
export REPORT_STORE_DIR="${REPORT_STORE_DIR:-$PWD/var/reports}"
# Only the worker started here may write reports; a fresh token each run keeps it that way.
REPORT_STORE_WRITE_TOKEN="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export REPORT_STORE_WRITE_TOKEN
mkdir -p "$FEED_DIR" "$REPORT_STORE_DIR"

npm run build --silent

pids=()
stop() {
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

node services/report-store/dist/main.js &
pids+=($!)
node services/api/dist/main.js &
pids+=($!)
node services/scanner-worker/dist/main.js &
pids+=($!)

echo "image-scanner: API on http://127.0.0.1:$API_PORT, feeds from $FEED_DIR" >&2
wait -n "${pids[@]}"
