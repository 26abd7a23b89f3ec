#!/usr/bin/env bash
# The open API keeps its published contract: a small seeded instance is served, and schemathesis
# fuzzes every operation of /api/schema/ with all its checks (status codes documented, answers
# conforming to the schema, no 5xx, ...). Bounded: MAX_EXAMPLES examples per operation.
# Run from the repository root after `make install`; exits non-zero on any failure.
set -euo pipefail

PORT="${CONTRACT_PORT:-8765}"
MAX_EXAMPLES="${MAX_EXAMPLES:-30}"
WORK="$(mktemp -d)"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export DATABASE_URL="sqlite:///$WORK/contract.sqlite3" VAR_DIR="$WORK/var" DJANGO_ENV=development DEBUG=0
export API_ANON_RATE=1000000/minute API_USER_RATE=1000000/minute API_DOCS_RATE=1000000/minute
unset REDIS_URL
mkdir -p "$VAR_DIR"
PY=.venv/bin/python

$PY manage.py migrate --noinput -v0
$PY manage.py load_reference >/dev/null
$PY manage.py seed_demo --scale 0.02 >/dev/null
$PY manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER=$!
$PY - "$PORT" <<'PYTHON'
import sys, time, urllib.request
for _ in range(60):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/schema/", timeout=5)
        break
    except OSError:
        time.sleep(1)
else:
    sys.exit("the server did not answer")
PYTHON

status=0
.venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/schema/" --checks all \
  --max-examples "$MAX_EXAMPLES" --seed 2026 --request-timeout 30 \
  --report-dir "$WORK/report" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 40 lines) ---"; tail -40 "$WORK/server.log"
fi
exit "$status"
