#!/usr/bin/env bash
# Reliability test of the durable execution service: start `wfm serve` on a fresh SQLite store,
# launch executions of several shapes (waits, a Choice loop, Parallel, Map, a task in flight), kill -9 the server
# at random moments ROUNDS times, restart it each time, then check that every execution
# SUCCEEDED with the output `wfm run` gives, that event ids run 1..N without gaps, and that no
# completed top-level step was recorded twice (same state, same input, exited twice).
#
#   scripts/crash-recovery.sh [ROUNDS (default 5)] [EXECUTIONS PER SHAPE (default 3)]
#
# Env: WFM_BIN (default: builds target/debug wfm into CARGO_TARGET_DIR), PORT (default 3971),
# CRASH_DATABASE_URL (default: a fresh SQLite file; a postgres:// URL of an empty database runs
# the same test on PostgreSQL, with a stable WFM_INSTANCE_ID so the restart resumes at once).
set -euo pipefail
ROUNDS=${1:-5}
PER_SHAPE=${2:-3}
PORT=${PORT:-3971}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHAPES="$ROOT/scripts/crash-recovery"
if [ -z "${WFM_BIN:-}" ]; then
  (cd "$ROOT" && cargo build -q -p server --bin wfm)
  WFM_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/wfm"
fi
WORK=$(mktemp -d)
trap 'kill -9 $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/site/pkg"
export LEPTOS_SITE_ROOT="$WORK/site" WFM_WORKFLOWS_DIR="$SHAPES" WFM_DATABASE_URL="${CRASH_DATABASE_URL:-sqlite://$WORK/wfm.sqlite}"
export WFM_INSTANCE_ID=crash-recovery-test
export WFM_MAX_HISTORY_EVENTS=0
API="http://127.0.0.1:$PORT/api"
PID=0

start_server() {
  "$WFM_BIN" serve --addr "127.0.0.1:$PORT" >>"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 200); do
    curl -sf "$API/health" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "server did not start"; cat "$WORK/serve.log"; exit 1
}

start_server
: >"$WORK/executions"
for shape in waits loop parallel map task; do
  for _ in $(seq 1 "$PER_SHAPE"); do
    input=$(cat "$SHAPES/$shape.input.json")
    id=$(curl -sf -X POST -H 'content-type: application/json' -d "{\"input\": $input}" "$API/workflows/$shape/executions" |
      grep -o '"executionId":"[^"]*"' | cut -d'"' -f4)
    echo "$id $shape" >>"$WORK/executions"
  done
done
echo "launched $(wc -l <"$WORK/executions") executions"

for round in $(seq 1 "$ROUNDS"); do
  nap=$(python3 -c 'import random; print(round(random.uniform(0.1, 1.0), 2))')
  sleep "$nap"
  kill -9 "$PID"; wait "$PID" 2>/dev/null || true
  echo "round $round: killed after ${nap}s"
  start_server
done

deadline=$((SECONDS + 90))
while curl -sf "$API/executions?status=RUNNING" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin) else 1)'; do
  [ $SECONDS -lt $deadline ] || { echo "executions still RUNNING after 90 s"; exit 1; }
  sleep 0.5
done
kill -9 "$PID"; wait "$PID" 2>/dev/null || true

for shape in waits loop parallel map task; do
  "$WFM_BIN" run "$SHAPES/$shape.asl.json" --input "$SHAPES/$shape.input.json" --json --wait-scale 0 >"$WORK/$shape.expected"
done

python3 - "$WORK" "$WFM_DATABASE_URL" <<'PY'
import json, sqlite3, subprocess, sys, collections
work, url = sys.argv[1], sys.argv[2]

def query_rows(sql, arg):
    """Rows of a one-parameter query, from SQLite or (through psql) PostgreSQL."""
    if url.startswith("sqlite"):
        return sqlite3.connect(url.split("://", 1)[1]).execute(sql, (arg,)).fetchall()
    text = subprocess.run(["psql", url, "-At", "-F", "\t", "-c", sql.replace("?", "'%s'" % arg)],
                          check=True, capture_output=True, text=True).stdout
    return [tuple(None if c == "" else c for c in line.split("\t")) for line in text.splitlines()]

class Db:
    def execute(self, sql, args):
        class R:
            def __init__(self, r): self.r = r
            def fetchone(self): return self.r[0]
            def __iter__(self): return iter(self.r)
        return R(query_rows(sql, args[0]))

db = Db()
bad = 0
rows = [l.split() for l in open(f"{work}/executions")]
for exec_id, shape in rows:
    expected = json.load(open(f"{work}/{shape}.expected"))
    status, output = db.execute("SELECT status, output FROM executions WHERE id = ?", (exec_id,)).fetchone()
    events = [json.loads(b) for (b,) in db.execute("SELECT body FROM history_events WHERE execution_id = ? ORDER BY id", (exec_id,))]
    problems = []
    if status != "SUCCEEDED" or json.loads(output or "null") != expected["output"]:
        problems.append(f"status {status} output {output}, expected {expected['output']}")
    ids = [e["id"] for e in events]
    if ids != list(range(1, len(ids) + 1)):
        problems.append(f"ids not 1..N: {ids[:20]}…")
    types = collections.Counter(e["type"] for e in events)
    if types["ExecutionStarted"] != 1 or types["ExecutionSucceeded"] != 1:
        problems.append(f"started {types['ExecutionStarted']} succeeded {types['ExecutionSucceeded']}")
    # A completed step, at any depth (scope = Parallel branch / Map iteration): entered with
    # some input, then exited. Twice = ran twice.
    done, entered = collections.Counter(), {}
    for e in events:
        if not e.get("state"):
            continue
        key = (e.get("scope", ""), e["state"])
        if e["type"].endswith("StateEntered"):
            entered[key] = json.dumps(e["details"].get("input"), sort_keys=True)
        elif e["type"].endswith("StateExited"):
            done[key + (entered.get(key),)] += 1
    twice = [k for k, n in done.items() if n > 1]
    if twice:
        problems.append(f"completed twice: {twice}")
    reruns = sum(1 for e in events if e.get("state") and e["type"].endswith("StateEntered")) - sum(done.values())
    print(f"{exec_id} {shape:8} {status:9} events={len(events):4} steps-run-again={max(reruns, 0)}" + ("  FAIL: " + "; ".join(problems) if problems else ""))
    bad += bool(problems)
print(f"{len(rows) - bad}/{len(rows)} executions correct")
sys.exit(1 if bad else 0)
PY
