# shellcheck shell=bash
# The database step of run.sh (sourced; uses its start_bg, stop_group, nap, run_wrk, seed, log, die and
# variables): a throw-away PostgreSQL from this machine's server binaries, Vault's database engine on it
# (infrastructure/vault/setup-database.sh), and the service with DB_CREDENTIALS=vault:
#   - GET /api/notes?limit=10 with long leases (steady) and with leases of 4 s / 8 s max, replaced about every
#     5 s (rotating): requests/s, p50/p99, failed requests, credential generations crossed;
#   - Vault requests of the service's token, idle and under load, with the steady lease: the goal is renewals
#     only, independent of the request rate and the pool size.
# Writes raw/db-*.json and raw/db.json. No password, token or lease id is printed: the admin password lives in
# the environment of the commands that need it, the service's token too.

PG_WORK=""

# The PostgreSQL server binaries: PG_BIN, else where pg_ctl on PATH really is, else the newest Debian one.
db_pg_bin() {
  local dir
  if [[ -n "${PG_BIN:-}" ]]; then
    printf '%s\n' "$PG_BIN"
    return
  fi
  if command -v pg_ctl >/dev/null; then
    dir=$(dirname -- "$(readlink -f -- "$(command -v pg_ctl)")")
    [[ -x "$dir/initdb" && -x "$dir/createdb" && -x "$dir/postgres" ]] && { printf '%s\n' "$dir"; return; }
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [[ -x "$dir/initdb" && -x "$dir/createdb" && -x "$dir/postgres" ]] && { printf '%s\n' "$dir"; return; }
  done
  return 1
}

# db_start_postgres BIN: initdb in a private directory (owned by postgres when root: PostgreSQL refuses to run
# as root), the server in the foreground as a process group of run.sh's, one database. Sets PG_PORT, PG_PASSWORD.
db_start_postgres() {
  local bin=$1 as_pg=() i
  PG_WORK=$(mktemp -d "${TMPDIR:-/tmp}/live-secrets-bench-pg.XXXXXX")
  PG_PASSWORD=$(python3 -c 'import secrets; print("pg-" + secrets.token_hex(16))')
  printf '%s' "$PG_PASSWORD" >"$PG_WORK/pwfile"
  if ((EUID == 0)); then
    chown -R postgres "$PG_WORK"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$bin/initdb" -D "$PG_WORK/data" -U admin --pwfile="$PG_WORK/pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync >"$LOGS/initdb.log" 2>&1 || die "initdb failed; see $LOGS/initdb.log"
  rm -f -- "$PG_WORK/pwfile"
  PG_PORT=$(python3 "$BENCH_DIR/ports.py" 1)
  start_bg "$LOGS/postgres.log" -- "${as_pg[@]}" "$bin/postgres" -D "$PG_WORK/data" -p "$PG_PORT" -k "$PG_WORK" \
    -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300
  for ((i = 0; i < 150; i++)); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.2
  done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL did not start; see $LOGS/postgres.log"
  "${as_pg[@]}" "$bin/createdb" -h "$PG_WORK" -p "$PG_PORT" -U admin live_secrets || die "createdb failed"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_WORK)"
}

# db_role NAME DEFAULT_TTL MAX_TTL: the engine's role NAME (and a connection of the same name) via the script.
db_role() {
  (export "${vault_env[@]}" VAULT_CLI="$vault_bin" VAULT_DB_ROLE="$1" VAULT_DB_CONNECTION="$1" DB_HOST=127.0.0.1 \
    DB_PORT="$PG_PORT" DB_NAME=live_secrets DB_ADMIN_USER=admin DB_ADMIN_PASSWORD="$PG_PASSWORD" DB_SSLMODE=disable \
    DB_DEFAULT_TTL="$2" DB_MAX_TTL="$3" && "$ROOT/infrastructure/vault/setup-database.sh") \
    | sed 's/^/[setup-database.sh] /' || die "setup-database.sh failed for $1"
}

# db_service ROLE [VAR=VALUE]...: the service on ROLE's credentials, with the bench-db token; waits for ready.
db_service() {
  local role=$1 started
  shift
  svc_port=$(python3 "$BENCH_DIR/ports.py" 1)
  started=$(date +%s.%N)
  # shellcheck disable=SC2086 # java_opts is a list of JVM options, split on purpose
  start_bg "$LOGS/service-db-$role.log" VAULT_ADDR="$vault_addr" VAULT_TOKEN="$db_token" HTTP_HOST=127.0.0.1 \
    HTTP_PORT="$svc_port" HTTP_INSTANCES="$instances" SECRETS_REFRESH_PERIOD_MS="$refresh_ms" DB_ENABLED=true \
    DB_CREDENTIALS=vault VAULT_DB_ROLE="$role" DB_HOST=127.0.0.1 DB_PORT="$PG_PORT" DB_NAME=live_secrets "$@" -- \
    java $java_opts -jar "$WORK/service.jar"
  svc_pid=$BG_PID
  python3 "$BENCH_DIR/wait_ready.py" "http://127.0.0.1:$svc_port/health/ready" "$started" 60 "$svc_pid" >/dev/null \
    || { tail -n 20 "$LOGS/service-db-$role.log" >&2; die "the service did not become ready with $role"; }
}

# The credentials part of /secrets/status: generation, renewals, reissues, failures.
db_status() {
  python3 -c 'import json, sys, urllib.request
d = json.load(urllib.request.urlopen("http://127.0.0.1:%s/secrets/status" % sys.argv[1], timeout=5))["database"]
print(json.dumps({k: d[k] for k in ("generation", "renewals", "reissues", "failures", "revocations")}))' "$svc_port"
}

# Ten notes, so the reads return rows (the API key from the environment, never argv).
db_seed_notes() {
  BENCH_API_KEY="$api_key" python3 -c 'import json, os, sys, urllib.request
for i in range(10):
    req = urllib.request.Request("http://127.0.0.1:%s/api/notes" % sys.argv[1], method="POST",
        data=json.dumps({"text": "bench note %d" % i}).encode(),
        headers={"X-API-Key": os.environ["BENCH_API_KEY"], "Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=5).read()' "$svc_port" || die "could not write the seed notes"
}

db_bench() {
  local bin t0 t1
  bin=$(db_pg_bin) || { log "database step skipped: no PostgreSQL server binaries (PG_BIN, PATH, /usr/lib/postgresql)"; return 0; }
  db_start_postgres "$bin"
  db_role bench-steady 1h 2h
  db_role bench-rotating 4s 8s
  db_token=$(export "${vault_env[@]}" && python3 "$BENCH_DIR/service_token.py" secret live-secrets bench-db database \
    bench-steady bench-rotating) || die "could not create the database step's service token"
  api_key=$(seed)

  log "database, steady lease: GET /api/notes?limit=10, then Vault requests idle and under load"
  db_service bench-steady
  db_seed_notes
  run_wrk db-steady-warmup "$svc_port" "/api/notes?limit=10" "$api_key" "$warmup"
  db_status >"$RAW/db-steady-before.json"
  nap 1
  t0=$(date +%s.%N)
  nap "$count_window"
  t1=$(date +%s.%N)
  run_wrk db-steady "$svc_port" "/api/notes?limit=10" "$api_key" "$db_duration"
  nap 0.3
  python3 "$BENCH_DIR/audit_count.py" "$audit_log" bench-db "$t0" "$t1" >"$RAW/db-count-idle.json"
  python3 "$BENCH_DIR/audit_count.py" "$audit_log" bench-db "$WRK_FROM" "$WRK_TO" >"$RAW/db-count-load.json"
  db_status >"$RAW/db-steady-after.json"
  log "steady: $(summary "$RAW/wrk-db-steady.json"); Vault requests $(field "$RAW/db-count-idle.json" requests) idle," \
    "$(field "$RAW/db-count-load.json" requests) under load (${count_window} s and ${db_duration} s)"
  stop_group "$svc_pid"

  log "database, rotating leases (4 s, 8 s max, pool max lifetime 1 s): GET /api/notes?limit=10"
  db_service bench-rotating DB_POOL_MAX_LIFETIME_MS=1000 DB_REQUEST_TIMEOUT_MS=400
  run_wrk db-rotating-warmup "$svc_port" "/api/notes?limit=10" "$api_key" "$warmup"
  db_status >"$RAW/db-rotating-before.json"
  run_wrk db-rotating "$svc_port" "/api/notes?limit=10" "$api_key" "$db_duration"
  db_status >"$RAW/db-rotating-after.json"
  log "rotating: $(summary "$RAW/wrk-db-rotating.json"); generations $(field "$RAW/db-rotating-before.json" generation)" \
    "-> $(field "$RAW/db-rotating-after.json" generation)"
  stop_group "$svc_pid"
  rm -f "$RAW"/wrk-db-*-warmup.json "$RAW"/cpu-db-*-warmup.json

  python3 - "$RAW" "$instances" <<'PY' >"$RAW/db.json"
import json, sys
raw, instances = sys.argv[1], int(sys.argv[2])
def load(name):
    with open("%s/%s.json" % (raw, name)) as f:
        return json.load(f)
out = {"instances": instances}
for mode in ("steady", "rotating"):
    w, before, after = load("wrk-db-" + mode), load("db-%s-before" % mode), load("db-%s-after" % mode)
    failed = w["non2xx"] + sum(w["errors"].values())
    out[mode] = {"rps": w["rps"], "p50_ms": w["latency_ms"]["p50"], "p99_ms": w["latency_ms"]["p99"],
                 "requests": w["requests"], "failed": failed,
                 "generations_crossed": after["generation"] - before["generation"],
                 "renewals": after["renewals"] - before["renewals"]}
for window in ("idle", "load"):
    c = load("db-count-" + window)
    db_paths = {p: n for p, n in c["paths"].items() if p.startswith("database/") or p.startswith("sys/leases/")}
    out["vault_" + window] = {"requests": c["requests"], "per_minute": c["per_minute"], "database_paths": db_paths,
                              "window_s": c["window_s"]}
print(json.dumps(out))
PY
}

# The database section of results.md, from raw/db.json.
db_report() {
  python3 - "$RAW/db.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s, r = d["steady"], d["rotating"]
print("\n## Database: GET /api/notes with dynamic credentials (HTTP_INSTANCES=%d)\n" % d["instances"])
print("| leases | requests/s | p50 ms | p99 ms | failed | generations crossed |")
print("|---|---|---|---|---|---|")
print("| steady (1 h) | %.0f | %.2f | %.2f | %d of %d | %d |" % (s["rps"], s["p50_ms"], s["p99_ms"], s["failed"], s["requests"], s["generations_crossed"]))
print("| rotating (4 s, 8 s max) | %.0f | %.2f | %.2f | %d of %d | %d |" % (r["rps"], r["p50_ms"], r["p99_ms"], r["failed"], r["requests"], r["generations_crossed"]))
for w in ("idle", "load"):
    v = d["vault_" + w]
    print("\nVault requests of the service, %s (%.0f s): %d (%.1f/min); database and lease paths: %s"
          % (w, v["window_s"], v["requests"], v["per_minute"] or 0, json.dumps(v["database_paths"]) or "none"))
PY
}
