#!/usr/bin/env bash
# Sets up AppRole auth for the service (auth method, least-privilege policy,
# role) and writes its role_id and secret_id into two mode-0600 files.
# Idempotent. Run with --help for usage. Never prints a role_id, secret_id,
# wrapping token or the admin token.
set -euo pipefail

LS_PROG=setup-approle.sh
LS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$LS_DIR/lib.sh"

POLICY_TEMPLATE=$LS_DIR/live-secrets-policy.hcl.tmpl

usage() {
  cat <<'EOF'
Usage: setup-approle.sh [--wrap-ttl DURATION] [--no-secret-id] [--out-dir DIR]
       setup-approle.sh --print-policy
       setup-approle.sh --help

Production-style AppRole auth for the service. With an admin token, and safe to
run again (every step converges to the settings below):
  1. enables the approle auth method at auth/$VAULT_APPROLE_MOUNT/ unless it is;
  2. writes the policy $VAULT_POLICY_NAME from live-secrets-policy.hcl.tmpl:
     read on <mount>/data/<path> and <mount>/metadata/<path> (KV v2) or on
     <mount>/<path> (KV v1), and the token's own lookup-self, renew-self and
     revoke-self; nothing else;
  3. creates or updates the role $VAULT_ROLE_NAME: that policy only (no
     "default" policy), service tokens, the TTLs below;
  4. writes the role_id to $OUT_DIR/role-id and a new secret_id (or, with
     --wrap-ttl, a single-use response-wrapping token holding it) to
     $OUT_DIR/secret-id, both mode 0600, no trailing newline. A secret_id made
     by an earlier run stays valid until it expires or is destroyed.

Prints names, paths, file paths, TTLs and whether the secret_id is wrapped;
never a role_id, secret_id, wrapping token or the admin token.

Options:
  --wrap-ttl DURATION  write a response-wrapping token (valid DURATION, e.g.
                       60s, single use) instead of the plain secret_id; the
                       service then runs with VAULT_SECRET_ID_WRAPPED=true
                       (env: APPROLE_WRAP_TTL, ignored with --no-secret-id)
  --no-secret-id       only (re)configure auth method, policy and role, and
                       (re)write role-id; no secret_id is made, the secret-id
                       file is left alone
  --out-dir DIR        where role-id and secret-id go (env: OUT_DIR, default .);
                       created (mode 0700) when missing
  --print-policy       print the rendered policy and exit (needs no Vault)
  -h, --help           show this help

Environment:
  VAULT_ADDR, VAULT_TOKEN     required; an admin token (BAO_ADDR/BAO_TOKEN are
                              used if these are unset)
  VAULT_MOUNT_POINT           KV mount the service reads, default: secret
  VAULT_SECRET_PATH           secret path in the mount, default: live-secrets
  VAULT_KV_VERSION            1 or 2, default: 2
  VAULT_APPROLE_MOUNT         approle auth mount, default: approle
  VAULT_POLICY_NAME           policy name, default: live-secrets
  VAULT_ROLE_NAME             role name, default: live-secrets
  APPROLE_TOKEN_TTL           token_ttl of login tokens, default: 1h
  APPROLE_TOKEN_MAX_TTL       token_max_ttl (renewals stop there), default: 24h
  APPROLE_TOKEN_PERIOD        token_period: periodic tokens, renewable forever
                              by this period; default: unset (not periodic)
  APPROLE_SECRET_ID_TTL       secret_id_ttl, default: 24h (0: never expires)
  APPROLE_SECRET_ID_NUM_USES  logins per secret_id, default: 0 (unlimited)
  DB_CREDENTIALS              vault: the policy also lets the service read
                              dynamic database credentials and renew and
                              revoke their leases (see setup-database.sh)
  VAULT_DB_MOUNT, VAULT_DB_ROLE  with DB_CREDENTIALS=vault; default: database,
                              live-secrets
  HTTPS_ENABLED               true (with TLS_SOURCE unset or vault-pki): the
                              policy also lets the service issue its HTTPS
                              certificate (see setup-pki.sh)
  VAULT_PKI_MOUNT, VAULT_PKI_ROLE  with HTTPS_ENABLED=true; default: pki,
                              live-secrets
  VAULT_CLI                   CLI to use; default: `vault` on PATH, else `bao`
EOF
}

# --- arguments ----------------------------------------------------------------

wrap_ttl=${APPROLE_WRAP_TTL:-}
wrap_option=0
make_secret_id=1
print_policy=0
out_dir=${OUT_DIR:-.}
while (($#)); do
  case "$1" in
    --wrap-ttl)
      (($# >= 2)) || ls_die "--wrap-ttl needs a duration, e.g. --wrap-ttl 60s"
      wrap_ttl=$2
      wrap_option=1
      shift
      ;;
    --wrap-ttl=*) wrap_ttl=${1#--wrap-ttl=} wrap_option=1 ;;
    --no-secret-id) make_secret_id=0 ;;
    --out-dir)
      (($# >= 2)) || ls_die "--out-dir needs a directory"
      out_dir=$2
      shift
      ;;
    --out-dir=*) out_dir=${1#--out-dir=} ;;
    --print-policy) print_policy=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; ls_die "unknown argument '$1'" ;;
  esac
  shift
done

ls_kv_config
if [[ "${DB_CREDENTIALS:-static}" == vault ]]; then
  LS_DB_MOUNT=${VAULT_DB_MOUNT:-database}
  LS_DB_ROLE=${VAULT_DB_ROLE:-live-secrets}
fi
if [[ "${HTTPS_ENABLED:-false}" == true && "${TLS_SOURCE:-vault-pki}" == vault-pki ]]; then
  LS_PKI_MOUNT=${VAULT_PKI_MOUNT:-pki}
  LS_PKI_ROLE=${VAULT_PKI_ROLE:-live-secrets}
fi
policy_text=$(ls_render_policy "$POLICY_TEMPLATE") || exit 1
if ((print_policy)); then
  printf '%s\n' "$policy_text"
  exit 0
fi

# A Vault duration: 60s, 5m, 1h, 1h30m, 7d, or plain seconds.
is_duration() { [[ "$1" =~ ^([0-9]+|([0-9]+[smhd])+)$ ]]; }

if ((!make_secret_id)); then
  ((!wrap_option)) || ls_die "--wrap-ttl and --no-secret-id exclude each other"
  wrap_ttl="" # APPROLE_WRAP_TTL has nothing to wrap
fi
if [[ -n "$wrap_ttl" ]]; then
  if ! is_duration "$wrap_ttl" || [[ "$wrap_ttl" =~ ^0+[smhd]?$ ]]; then
    ls_die "--wrap-ttl / APPROLE_WRAP_TTL must be a positive duration like 60s, 5m or 1h, not '$wrap_ttl'"
  fi
fi

approle_mount=${VAULT_APPROLE_MOUNT:-approle}
while [[ "$approle_mount" == /* ]]; do approle_mount=${approle_mount#/}; done
while [[ "$approle_mount" == */ ]]; do approle_mount=${approle_mount%/}; done
policy_name=${VAULT_POLICY_NAME:-live-secrets}
policy_name=${policy_name,,} # Vault stores policy names in lower case
role_name=${VAULT_ROLE_NAME:-live-secrets}
[[ "$approle_mount" =~ ^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$ ]] \
  || ls_die "VAULT_APPROLE_MOUNT '$approle_mount' is not a plain mount path"
[[ "$policy_name" =~ ^[a-z0-9._-]+$ ]] \
  || ls_die "VAULT_POLICY_NAME '$policy_name': use letters, digits, '.', '_' and '-'"
[[ "$role_name" =~ ^[A-Za-z0-9._-]+$ ]] \
  || ls_die "VAULT_ROLE_NAME '$role_name': use letters, digits, '.', '_' and '-'"

token_ttl=${APPROLE_TOKEN_TTL:-1h}
token_max_ttl=${APPROLE_TOKEN_MAX_TTL:-24h}
token_period=${APPROLE_TOKEN_PERIOD:-}
secret_id_ttl=${APPROLE_SECRET_ID_TTL:-24h}
secret_id_num_uses=${APPROLE_SECRET_ID_NUM_USES:-0}
for setting in APPROLE_TOKEN_TTL="$token_ttl" APPROLE_TOKEN_MAX_TTL="$token_max_ttl" \
  APPROLE_SECRET_ID_TTL="$secret_id_ttl" ${token_period:+APPROLE_TOKEN_PERIOD="$token_period"}; do
  is_duration "${setting#*=}" \
    || ls_die "${setting%%=*} must be a duration like 30m, 1h or 24h (or seconds), not '${setting#*=}'"
done
[[ "$secret_id_num_uses" =~ ^[0-9]+$ ]] \
  || ls_die "APPROLE_SECRET_ID_NUM_USES must be a whole number (0: unlimited), not '$secret_id_num_uses'"

ls_detect_cli
ls_require_env
ls_check_mount

# Files made from here on (role-id, secret-id, out dir) are for the owner only.
umask 077

role_path=auth/$approle_mount/role/$role_name
ls_info "Vault $VAULT_ADDR via $LS_CLI; secret $LS_WHERE (KV v$LS_KV_VERSION)"

# --- 1. auth method -----------------------------------------------------------

auth_list=$("$LS_CLI" auth list -format=json) \
  || ls_die "could not list auth methods (see the message above; an admin token is needed)"
auth_type=$(printf '%s' "$auth_list" | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d.get(sys.argv[1] + "/") or {}
print(m.get("type", ""))
' "$approle_mount") || ls_die "could not read the list of auth methods"
case "$auth_type" in
  approle) ls_info "auth method approle at auth/$approle_mount/: already enabled" ;;
  "")
    "$LS_CLI" auth enable -path="$approle_mount" approle >/dev/null \
      || ls_die "could not enable approle at auth/$approle_mount/ (see the message above)"
    ls_info "auth method approle at auth/$approle_mount/: enabled"
    ;;
  *) ls_die "auth/$approle_mount/ is a '$auth_type' auth method, not approle: set VAULT_APPROLE_MOUNT to another path" ;;
esac

# --- 2. policy ----------------------------------------------------------------

if [[ "$LS_KV_VERSION" == 2 ]]; then
  allowed="read $LS_MOUNT/data/$LS_PATH, $LS_MOUNT/metadata/$LS_PATH"
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
current_policy=""
if existing=$("$LS_CLI" policy read -format=json "$policy_name" 2>/dev/null); then
  current_policy=$(printf '%s' "$existing" | python3 -c '
import json, sys
print(json.load(sys.stdin).get("policy", ""))
') || current_policy=""
  policy_state=updated
else
  policy_state=created
fi
if [[ "$policy_state" == updated && "$current_policy" == "$policy_text" ]]; then
  policy_state=unchanged
else
  printf '%s\n' "$policy_text" | "$LS_CLI" policy write "$policy_name" - >/dev/null \
    || ls_die "could not write the policy $policy_name (see the message above)"
fi
ls_info "policy $policy_name: $policy_state ($allowed)"

# --- 3. role ------------------------------------------------------------------

if role_before=$("$LS_CLI" read -format=json "$role_path" 2>/dev/null); then
  role_state=updated
else
  role_before=""
  role_state=created
fi
# Every setting is written on every run (an unset token_period as 0, i.e. not
# periodic), since a role write only changes the fields it names.
"$LS_CLI" write "$role_path" \
  token_policies="$policy_name" \
  token_no_default_policy=true \
  token_type=service \
  token_num_uses=0 \
  token_ttl="$token_ttl" \
  token_max_ttl="$token_max_ttl" \
  token_period="${token_period:-0}" \
  bind_secret_id=true \
  secret_id_ttl="$secret_id_ttl" \
  secret_id_num_uses="$secret_id_num_uses" >/dev/null \
  || ls_die "could not write the role $role_name (see the message above)"
role_json=$("$LS_CLI" read -format=json "$role_path") \
  || ls_die "could not read the role $role_name back"
if [[ "$role_state" == updated && "$(printf '%s' "$role_before" | ls_json_get data)" == "$(printf '%s' "$role_json" | ls_json_get data)" ]]; then
  role_state=unchanged
fi
unset role_before
r() { printf '%s' "$role_json" | ls_json_get "data.$1"; }
# A secret_id TTL: 0 means it never expires.
sid_ttl_text() { if [[ "$1" == 0 ]]; then printf '0 (no expiry)'; else ls_duration "$1"; fi; }
eff_period=$(r token_period)
eff_uses=$(r secret_id_num_uses)
ls_info "role $role_name at $role_path: $role_state (token_policies=$(r token_policies | tr -d '[]" '), no default policy, token_type=service, token_ttl=$(ls_duration "$(r token_ttl)"), token_max_ttl=$(ls_duration "$(r token_max_ttl)"), token_period=$(
  if [[ "$eff_period" == 0 ]]; then printf 'none'; else ls_duration "$eff_period"; fi
), secret_id_ttl=$(sid_ttl_text "$(r secret_id_ttl)"), secret_id_num_uses=$eff_uses$(
  [[ "$eff_uses" == 0 ]] && printf ' (unlimited)'
))"
unset role_json

# --- 4. credentials -----------------------------------------------------------

mkdir -p -- "$out_dir" || ls_die "could not create $out_dir"
out_dir=$(cd -- "$out_dir" && pwd)
role_id_file=$out_dir/role-id
secret_id_file=$out_dir/secret-id

"$LS_CLI" read -format=json "$role_path/role-id" \
  | ls_json_field_to_file data.role_id "$role_id_file" \
  || ls_die "could not read the role_id of $role_name or write $role_id_file"
ls_info "role_id -> $role_id_file (mode 0600)"

if ((make_secret_id)); then
  replaced=""
  [[ -e "$secret_id_file" ]] && replaced=", replaced the previous file"
  if [[ -n "$wrap_ttl" ]]; then
    out=$("$LS_CLI" write -format=json -wrap-ttl="$wrap_ttl" -f "$role_path/secret-id") \
      || ls_die "could not make a wrapped secret_id (see the message above)"
    printf '%s' "$out" | ls_json_field_to_file wrap_info.token "$secret_id_file" \
      || ls_die "could not write $secret_id_file"
    wrap_for=$(printf '%s' "$out" | ls_json_get wrap_info.ttl)
    unset out
    ls_info "secret_id -> $secret_id_file (mode 0600$replaced): WRAPPED, a single-use response-wrapping token valid for $(ls_duration "$wrap_for"); unwrapping it yields the secret_id"
  else
    out=$("$LS_CLI" write -format=json -f "$role_path/secret-id") \
      || ls_die "could not make a secret_id (see the message above)"
    printf '%s' "$out" | ls_json_field_to_file data.secret_id "$secret_id_file" \
      || ls_die "could not write $secret_id_file"
    sid_ttl=$(printf '%s' "$out" | ls_json_get data.secret_id_ttl)
    sid_uses=$(printf '%s' "$out" | ls_json_get data.secret_id_num_uses)
    unset out
    ls_info "secret_id -> $secret_id_file (mode 0600$replaced): not wrapped, secret_id_ttl $(sid_ttl_text "$sid_ttl"), uses ${sid_uses:-?}$(
      [[ "$sid_uses" == 0 ]] && printf ' (unlimited)'
    )"
  fi
  ls_info "service settings: VAULT_AUTH_METHOD=approle VAULT_ROLE_ID_FILE=$role_id_file VAULT_SECRET_ID_FILE=$secret_id_file${wrap_ttl:+ VAULT_SECRET_ID_WRAPPED=true}"
else
  ls_info "secret_id: not made (--no-secret-id); $secret_id_file left as it was"
fi
