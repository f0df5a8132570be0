#!/usr/bin/env bash
# Sets up Vault's PKI engine for the service's own HTTPS certificate: a root CA
# (for development), an intermediate CA signed by it (what the service issues
# from, as production guides advise), and the role. Idempotent. Run with --help.
# Never prints a private key or the token.
set -euo pipefail

LS_PROG=setup-pki.sh
LS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$LS_DIR/lib.sh"

usage() {
  cat <<'USAGE'
Usage: setup-pki.sh [--ca-out FILE]
       setup-pki.sh --help

With an admin Vault token, and safe to run again (every step converges):
  1. enables a PKI engine at $VAULT_PKI_ROOT_MOUNT/ (default pki-root) with a
     root CA (EC P-256, $PKI_ROOT_TTL) unless it has one. In production the root
     lives offline or in another Vault; this one is for development.
  2. enables a PKI engine at $VAULT_PKI_MOUNT/ (default pki) with an
     intermediate CA signed by that root ($PKI_INT_TTL), unless it has one;
  3. writes the role $VAULT_PKI_ROLE: names $TLS_COMMON_NAME and $TLS_ALT_NAMES
     only (no other name), EC keys, server certificates only, max_ttl
     $PKI_MAX_TTL;
  4. writes the root CA's certificate to FILE (--ca-out, default
     ./live-secrets-ca.pem): what clients trust (curl --cacert FILE).

Then give the service's policy update on $VAULT_PKI_MOUNT/issue/$VAULT_PKI_ROLE:
setup-approle.sh adds that line when run with HTTPS_ENABLED=true.

Environment:
  VAULT_ADDR, VAULT_TOKEN  required; an admin token (BAO_ADDR/BAO_TOKEN if unset)
  VAULT_PKI_ROOT_MOUNT     root CA mount, default: pki-root
  VAULT_PKI_MOUNT          intermediate (issuing) mount, default: pki
  VAULT_PKI_ROLE           role the service issues from, default: live-secrets
  TLS_COMMON_NAME          the host name, default: localhost
  TLS_ALT_NAMES            comma-separated DNS names and IPs, default: 127.0.0.1
  PKI_ROOT_TTL             default: 87600h;  PKI_INT_TTL default: 43800h
  PKI_MAX_TTL              longest certificate the role issues, default: 720h
  VAULT_CLI                CLI to use; default: `vault` on PATH, else `bao`
USAGE
}

ca_out=./live-secrets-ca.pem
while (($#)); do
  case "$1" in
    --ca-out) ca_out=${2:?--ca-out needs a file}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; ls_die "unknown argument '$1'" ;;
  esac
  shift
done

root_mount=${VAULT_PKI_ROOT_MOUNT:-pki-root}
int_mount=${VAULT_PKI_MOUNT:-pki}
role=${VAULT_PKI_ROLE:-live-secrets}
cn=${TLS_COMMON_NAME:-localhost}
alt=${TLS_ALT_NAMES:-127.0.0.1}
root_ttl=${PKI_ROOT_TTL:-87600h}
int_ttl=${PKI_INT_TTL:-43800h}
max_ttl=${PKI_MAX_TTL:-720h}
for setting in VAULT_PKI_ROOT_MOUNT="$root_mount" VAULT_PKI_MOUNT="$int_mount" VAULT_PKI_ROLE="$role"; do
  [[ "${setting#*=}" =~ ^[A-Za-z0-9._-]+$ ]] || ls_die "${setting%%=*} '${setting#*=}': use letters, digits, '.', '_' and '-'"
done
[[ "$root_mount" != "$int_mount" ]] || ls_die "VAULT_PKI_ROOT_MOUNT and VAULT_PKI_MOUNT must differ"

ls_detect_cli
ls_require_env

# The names of the role: DNS names go to allowed_domains (bare), IPs are allowed as IP SANs.
dns_names=$cn
for name in ${alt//,/ }; do
  [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]] && continue
  dns_names+=",$name"
done

enable_pki() { # mount, max lease ttl
  if "$LS_CLI" read -format=json "sys/mounts/$1" >/dev/null 2>&1; then
    ls_info "PKI engine at $1/ already enabled"
  else
    "$LS_CLI" secrets enable -path="$1" -max-lease-ttl="$2" pki >/dev/null
    ls_info "enabled the PKI engine at $1/"
  fi
}

has_issuer() { # mount
  "$LS_CLI" read -format=json "$1/cert/ca" 2>/dev/null | python3 -c '
import json, sys
try:
    sys.exit(0 if json.load(sys.stdin)["data"]["certificate"].strip() else 1)
except Exception:
    sys.exit(1)'
}

enable_pki "$root_mount" "$root_ttl"
if has_issuer "$root_mount"; then
  ls_info "root CA at $root_mount/ already there"
else
  "$LS_CLI" write -format=json "$root_mount/root/generate/internal" common_name="live-secrets dev root CA" \
    ttl="$root_ttl" key_type=ec key_bits=256 >/dev/null
  ls_info "generated the root CA at $root_mount/ (its key never leaves Vault)"
fi

enable_pki "$int_mount" "$int_ttl"
if has_issuer "$int_mount"; then
  ls_info "intermediate CA at $int_mount/ already there"
else
  # The CSR goes from one engine to the other through this shell; a CSR and a certificate are public.
  csr=$("$LS_CLI" write -format=json "$int_mount/intermediate/generate/internal" \
    common_name="live-secrets dev intermediate CA" key_type=ec key_bits=256 | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["data"]["csr"])')
  signed=$(printf '%s' "$csr" | "$LS_CLI" write -format=json "$root_mount/root/sign-intermediate" csr=- \
    format=pem_bundle ttl="$int_ttl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["certificate"])')
  printf '%s' "$signed" | "$LS_CLI" write "$int_mount/intermediate/set-signed" certificate=- >/dev/null
  ls_info "generated the intermediate CA at $int_mount/, signed by the root at $root_mount/"
fi

"$LS_CLI" write "$int_mount/roles/$role" allowed_domains="$dns_names" allow_bare_domains=true \
  allow_subdomains=false allow_glob_domains=false allow_localhost=true allow_ip_sans=true \
  server_flag=true client_flag=false key_type=ec key_bits=256 max_ttl="$max_ttl" \
  not_before_duration=30s >/dev/null
ls_info "wrote the role $int_mount/roles/$role: $dns_names and IP SANs, EC keys, max_ttl $max_ttl"

"$LS_CLI" read -format=json "$root_mount/cert/ca" | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["data"]["certificate"].strip())' > "$ca_out"
ls_info "root CA certificate written to $ca_out (clients: curl --cacert $ca_out)"
ls_info "service settings: HTTPS_ENABLED=true VAULT_PKI_MOUNT=$int_mount VAULT_PKI_ROLE=$role TLS_COMMON_NAME=$cn TLS_ALT_NAMES=$alt"
