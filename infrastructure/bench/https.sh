#!/usr/bin/env bash
# HTTPS throughput of GET /api/hello with and without a certificate swap every
# few seconds, and the failed requests during swaps. Loopback only, bounded
# (4 wrk runs of BENCH_SECONDS each). Never prints a key or the token.
#
#   VAULT_ADDR=... VAULT_TOKEN=<admin token of a dev server> infrastructure/bench/https.sh
#
# Sets up its own PKI mounts (pki-bench-root, pki-bench) with setup-pki.sh,
# seeds the secret at secret/https-bench, and runs the fat jar (build it first:
# ./mvnw -q -DskipTests package) twice: TLS_TTL=72h (no swap during the run) and
# TLS_TTL=$BENCH_SWAP_TTL with TLS_RENEW_AT=0.67 (a swap every ~2/3 of it).
# Each time wrk runs once over keep-alive connections and once with
# "Connection: close" (a TLS handshake per request: each new connection meets
# the certificate in force). Needs wrk (apt-get install wrk), curl, openssl.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
JAR="$ROOT/target/live-secrets-0.1.0-SNAPSHOT-fat.jar"
SECONDS_PER_RUN=${BENCH_SECONDS:-15}
SWAP_TTL=${BENCH_SWAP_TTL:-6s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
PORT=${BENCH_PORT:-18443}
: "${VAULT_ADDR:?set VAULT_ADDR (a dev server)}" "${VAULT_TOKEN:?set VAULT_TOKEN (its admin token)}"
command -v wrk >/dev/null || { echo "https.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[[ -f "$JAR" ]] || { echo "https.sh: build the fat jar first: ./mvnw -q -DskipTests package" >&2; exit 1; }
((SECONDS_PER_RUN <= 120)) || { echo "https.sh: BENCH_SECONDS is at most 120" >&2; exit 1; }

WORK=$(mktemp -d)
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

export VAULT_PKI_ROOT_MOUNT=pki-bench-root VAULT_PKI_MOUNT=pki-bench VAULT_PKI_ROLE=live-secrets
export TLS_COMMON_NAME=localhost TLS_ALT_NAMES=127.0.0.1
"$ROOT/infrastructure/vault/setup-pki.sh" --ca-out "$WORK/ca.pem" >/dev/null
KEY=$(VAULT_SECRET_PATH=https-bench "$ROOT/infrastructure/vault/seed.sh" --print-api-key 2>/dev/null)
cat > "$WORK/hello.lua" <<LUA
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")
LUA

serial() {
  openssl s_client -connect "127.0.0.1:$PORT" -servername localhost -CAfile "$WORK/ca.pem" </dev/null 2>/dev/null \
    | openssl x509 -noout -serial | cut -d= -f2
}

# One wrk run: "<requests/s> <requests> <non-2xx> <socket errors>".
run_wrk() { # extra wrk args...
  BENCH_KEY=$KEY wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$WORK/hello.lua" "$@" \
    "https://127.0.0.1:$PORT/api/hello" > "$WORK/wrk.txt" 2>&1 || true
  python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
total = re.search(r"(\d+) requests in", t)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
errors = sum(int(x) for x in sock.groups()) if sock else 0
print(rps.group(1) if rps else "0", total.group(1) if total else "0", non2xx.group(1) if non2xx else "0", errors)
PY
}

bench() { # label ttl
  HTTPS_ENABLED=true TLS_TTL=$2 TLS_RENEW_AT=0.67 HTTP_PORT=$PORT HTTP_HOST=127.0.0.1 VAULT_SECRET_PATH=https-bench \
    SECRETS_REFRESH_PERIOD_MS=5000 java -jar "$JAR" > "$WORK/service-$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 60); do
    curl -sf --cacert "$WORK/ca.pem" "https://127.0.0.1:$PORT/health/live" >/dev/null && break
    sleep 0.5
  done
  local before after issued
  before=$(serial)
  read -r ka_rps ka_total ka_bad ka_err <<<"$(run_wrk)"
  read -r nc_rps nc_total nc_bad nc_err <<<"$(run_wrk -H "Connection: close")"
  after=$(serial)
  issued=$(grep -c 'event=tls.certificate_installed' "$WORK/service-$1.log" || true)
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  printf '%-26s %12s %10s %6s %6s | %12s %10s %6s %6s | %7s  %s -> %s\n' "$1" "$ka_rps" "$ka_total" "$ka_bad" \
    "$ka_err" "$nc_rps" "$nc_total" "$nc_bad" "$nc_err" "$((issued - 1))" "$before" "$after"
}

echo "HTTPS GET /api/hello, ${SECONDS_PER_RUN} s per run, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores"
printf '%-26s %12s %10s %6s %6s | %12s %10s %6s %6s | %7s  %s\n' "" "keep-alive" "requests" "non2xx" "errors" \
  "new conn" "requests" "non2xx" "errors" "swaps" "serial first -> last"
bench "no swap (TLS_TTL=72h)" 72h
bench "swap (TLS_TTL=$SWAP_TTL)" "$SWAP_TTL"
