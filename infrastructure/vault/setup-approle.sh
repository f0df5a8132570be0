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
     read on <mount>/data/<path> (KV v2; the answer carries the version) or on
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
LS_PRINT_POLICY=0
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
    *) ls_common_option "$1" ;;
  esac
  shift
done

ls_service_policy "$POLICY_TEMPLATE"

if ((!make_secret_id)); then
  ((!wrap_option)) || ls_die "--wrap-ttl and --no-secret-id exclude each other"
  wrap_ttl="" # APPROLE_WRAP_TTL has nothing to wrap
fi
if [[ -n "$wrap_ttl" ]]; then
  if ! ls_is_duration "$wrap_ttl" || [[ "$wrap_ttl" =~ ^0+[smhd]?$ ]]; then
    ls_die "--wrap-ttl / APPROLE_WRAP_TTL must be a positive duration like 60s, 5m or 1h, not '$wrap_ttl'"
  fi
fi

ls_auth_mount VAULT_APPROLE_MOUNT "${VAULT_APPROLE_MOUNT:-approle}"
ls_policy_name "${VAULT_POLICY_NAME:-live-secrets}"
ls_role_name VAULT_ROLE_NAME "${VAULT_ROLE_NAME:-live-secrets}"

token_ttl=${APPROLE_TOKEN_TTL:-1h}
token_max_ttl=${APPROLE_TOKEN_MAX_TTL:-24h}
token_period=${APPROLE_TOKEN_PERIOD:-}
secret_id_ttl=${APPROLE_SECRET_ID_TTL:-24h}
secret_id_num_uses=${APPROLE_SECRET_ID_NUM_USES:-0}
ls_check_durations APPROLE_TOKEN_TTL="$token_ttl" APPROLE_TOKEN_MAX_TTL="$token_max_ttl" \
  APPROLE_SECRET_ID_TTL="$secret_id_ttl" ${token_period:+APPROLE_TOKEN_PERIOD="$token_period"}
[[ "$secret_id_num_uses" =~ ^[0-9]+$ ]] \
  || ls_die "APPROLE_SECRET_ID_NUM_USES must be a whole number (0: unlimited), not '$secret_id_num_uses'"

ls_detect_cli
ls_require_env
ls_check_mount

# Files made from here on (role-id, secret-id, out dir) are for the owner only.
umask 077

role_path=auth/$LS_AUTH_MOUNT/role/$LS_ROLE_NAME
ls_info "Vault $VAULT_ADDR via $LS_CLI; secret $LS_WHERE (KV v$LS_KV_VERSION)"

# --- 1. auth method -----------------------------------------------------------

ls_enable_auth approle "$LS_AUTH_MOUNT" VAULT_APPROLE_MOUNT

# --- 2. policy ----------------------------------------------------------------

ls_write_policy "$LS_POLICY_NAME" "$LS_POLICY_TEXT"

# --- 3. role ------------------------------------------------------------------

# An unset token_period is written as 0, i.e. not periodic.
ls_write_role "$role_path" "$LS_ROLE_NAME" "$LS_POLICY_NAME" "$token_ttl" "$token_max_ttl" "${token_period:-0}" \
  bind_secret_id=true \
  secret_id_ttl="$secret_id_ttl" \
  secret_id_num_uses="$secret_id_num_uses"
# A secret_id TTL: 0 means it never expires.
sid_ttl_text() { if [[ "$1" == 0 ]]; then printf '0 (no expiry)'; else ls_duration "$1"; fi; }
eff_period=$(ls_role_field token_period)
eff_uses=$(ls_role_field secret_id_num_uses)
ls_info "role $LS_ROLE_NAME at $role_path: $LS_ROLE_STATE ($(ls_role_token_summary), token_period=$(
  if [[ "$eff_period" == 0 ]]; then printf 'none'; else ls_duration "$eff_period"; fi
), secret_id_ttl=$(sid_ttl_text "$(ls_role_field secret_id_ttl)"), secret_id_num_uses=$eff_uses$(
  [[ "$eff_uses" == 0 ]] && printf ' (unlimited)'
))"
unset LS_ROLE_JSON

# --- 4. credentials -----------------------------------------------------------

mkdir -p -- "$out_dir" || ls_die "could not create $out_dir"
out_dir=$(cd -- "$out_dir" && pwd)
role_id_file=$out_dir/role-id
secret_id_file=$out_dir/secret-id

"$LS_CLI" read -format=json "$role_path/role-id" \
  | ls_json_field_to_file data.role_id "$role_id_file" \
  || ls_die "could not read the role_id of $LS_ROLE_NAME or write $role_id_file"
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
