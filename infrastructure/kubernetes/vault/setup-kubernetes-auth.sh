#!/usr/bin/env bash
# Sets up Vault's kubernetes auth method for the service on Kubernetes (auth
# method and its config, least-privilege policy, role bound to the service's
# service account). Idempotent. Run with --help for usage. Never prints the
# admin token or a token reviewer JWT; the JWT and the CA go to the CLI as
# @file arguments, so only their paths show up in `ps`.
set -euo pipefail

LS_PROG=setup-kubernetes-auth.sh
LS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
VAULT_SCRIPTS=$(cd -- "$LS_DIR/../../vault" && pwd)
# shellcheck source-path=SCRIPTDIR source=../../vault/lib.sh
source "$VAULT_SCRIPTS/lib.sh"

# The same policy as with AppRole: live-secrets-policy.hcl is this template for the defaults.
POLICY_TEMPLATE=$VAULT_SCRIPTS/live-secrets-policy.hcl.tmpl

usage() {
  cat <<'EOF'
Usage: setup-kubernetes-auth.sh
       setup-kubernetes-auth.sh --print-policy
       setup-kubernetes-auth.sh --help

Vault's side of infrastructure/kubernetes/: with an admin token, and safe to
run again (every step converges to the settings below):
  1. enables the kubernetes auth method at auth/$VAULT_AUTH_MOUNT/ unless it is;
  2. writes its config: the API server Vault asks to review the pods' tokens
     ($KUBERNETES_HOST), its CA and the reviewer's JWT when given;
  3. writes the policy $VAULT_POLICY_NAME from
     infrastructure/vault/live-secrets-policy.hcl.tmpl (the AppRole set-up's
     policy): read on the service's secret, the token's own lookup-self,
     renew-self and revoke-self, and with DB_CREDENTIALS=vault or
     HTTPS_ENABLED=true the database credentials or the certificate;
  4. creates or updates the role $VAULT_AUTH_ROLE: only the service account
     $K8S_SERVICE_ACCOUNT in the namespace $K8S_NAMESPACE, only tokens for the
     audience $K8S_AUDIENCE, that policy only (no "default" policy), service
     tokens, the TTLs below.

Prints names, paths, the API server's address and TTLs; never a token or JWT.

Options:
  --print-policy  print the rendered policy and exit (needs no Vault)
  -h, --help      show this help

Environment:
  VAULT_ADDR, VAULT_TOKEN   required; an admin token, with
                            setup-kubernetes-auth-admin-policy.hcl or root
                            (BAO_ADDR/BAO_TOKEN are used if these are unset);
                            VAULT_NAMESPACE, if set, is the Vault namespace
                            the CLI works in
  KUBERNETES_HOST           the API server as Vault reaches it; default:
                            https://kubernetes.default.svc (Vault in the cluster)
  KUBERNETES_CA_CERT        file: the API server's CA (PEM); default: none, which
                            a Vault in the cluster replaces by its pod's CA
  TOKEN_REVIEWER_JWT_FILE   file: a long-lived token of a service account bound
                            to system:auth-delegator (token-reviewer.yaml), for
                            a Vault outside the cluster; default: none, which a
                            Vault in the cluster replaces by its own pod's token
  K8S_NAMESPACE             the service's namespace, default: live-secrets
  K8S_SERVICE_ACCOUNT       the service's service account, default: live-secrets
  K8S_AUDIENCE              the audience of its projected token, default: vault
  VAULT_AUTH_MOUNT          kubernetes auth mount, default: kubernetes
  VAULT_AUTH_ROLE           role name, default: live-secrets
  VAULT_POLICY_NAME         policy name, default: live-secrets
  K8S_TOKEN_TTL             token_ttl of login tokens, default: 1h
  K8S_TOKEN_MAX_TTL         token_max_ttl (the service logs in again then),
                            default: 24h
  VAULT_MOUNT_POINT, VAULT_SECRET_PATH, VAULT_KV_VERSION   the secret, as for
                            the service; default: secret, live-secrets, 2
  DB_CREDENTIALS, VAULT_DB_MOUNT, VAULT_DB_ROLE, HTTPS_ENABLED, TLS_SOURCE,
  VAULT_PKI_MOUNT, VAULT_PKI_ROLE   widen the policy as for setup-approle.sh
  VAULT_CLI                 CLI to use; default: `vault` on PATH, else `bao`
EOF
}

# --- arguments ----------------------------------------------------------------

print_policy=0
while (($#)); do
  case "$1" in
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

auth_mount=${VAULT_AUTH_MOUNT:-kubernetes}
while [[ "$auth_mount" == /* ]]; do auth_mount=${auth_mount#/}; done
while [[ "$auth_mount" == */ ]]; do auth_mount=${auth_mount%/}; done
role_name=${VAULT_AUTH_ROLE:-live-secrets}
policy_name=${VAULT_POLICY_NAME:-live-secrets}
policy_name=${policy_name,,} # Vault stores policy names in lower case
namespace=${K8S_NAMESPACE:-live-secrets}
service_account=${K8S_SERVICE_ACCOUNT:-live-secrets}
audience=${K8S_AUDIENCE:-vault}
kubernetes_host=${KUBERNETES_HOST:-https://kubernetes.default.svc}
ca_cert=${KUBERNETES_CA_CERT:-}
reviewer_jwt_file=${TOKEN_REVIEWER_JWT_FILE:-}
token_ttl=${K8S_TOKEN_TTL:-1h}
token_max_ttl=${K8S_TOKEN_MAX_TTL:-24h}

[[ "$auth_mount" =~ ^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$ ]] \
  || ls_die "VAULT_AUTH_MOUNT '$auth_mount' is not a plain mount path"
[[ "$role_name" =~ ^[A-Za-z0-9._-]+$ ]] \
  || ls_die "VAULT_AUTH_ROLE '$role_name': use letters, digits, '.', '_' and '-'"
[[ "$policy_name" =~ ^[a-z0-9._-]+$ ]] \
  || ls_die "VAULT_POLICY_NAME '$policy_name': use letters, digits, '.', '_' and '-'"
# Kubernetes names: DNS labels (namespace) and DNS subdomains (service account).
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$ ]] \
  || ls_die "K8S_NAMESPACE '$namespace' is not a Kubernetes namespace name (lower-case letters, digits, '-')"
[[ "$service_account" =~ ^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$ ]] \
  || ls_die "K8S_SERVICE_ACCOUNT '$service_account' is not a Kubernetes service account name"
[[ -n "$audience" && "$audience" != *,* && "$audience" != *" "* ]] \
  || ls_die "K8S_AUDIENCE '$audience': one audience, without spaces or commas (the projected token's audience)"
[[ "$kubernetes_host" =~ ^https?://[^/@?#[:space:]]+/?$ ]] \
  || ls_die "KUBERNETES_HOST '$kubernetes_host': expected the API server's URL, such as https://203.0.113.7:6443"
for setting in K8S_TOKEN_TTL="$token_ttl" K8S_TOKEN_MAX_TTL="$token_max_ttl"; do
  is_duration "${setting#*=}" \
    || ls_die "${setting%%=*} must be a duration like 30m, 1h or 24h (or seconds), not '${setting#*=}'"
done
for setting in KUBERNETES_CA_CERT="$ca_cert" TOKEN_REVIEWER_JWT_FILE="$reviewer_jwt_file"; do
  file=${setting#*=}
  [[ -z "$file" || (-f "$file" && -r "$file" && -s "$file") ]] \
    || ls_die "${setting%%=*}: '$file' is not a readable, non-empty file"
done

ls_detect_cli
ls_require_env
ls_check_mount

role_path=auth/$auth_mount/role/$role_name
ls_info "Vault $VAULT_ADDR${VAULT_NAMESPACE:+ (namespace $VAULT_NAMESPACE)} via $LS_CLI; secret $LS_WHERE (KV v$LS_KV_VERSION)"

# --- 1. auth method -----------------------------------------------------------

auth_list=$("$LS_CLI" auth list -format=json) \
  || ls_die "could not list auth methods (see the message above; an admin token is needed)"
auth_type=$(printf '%s' "$auth_list" | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d.get(sys.argv[1] + "/") or {}
print(m.get("type", ""))
' "$auth_mount") || ls_die "could not read the list of auth methods"
case "$auth_type" in
  kubernetes) ls_info "auth method kubernetes at auth/$auth_mount/: already enabled" ;;
  "")
    "$LS_CLI" auth enable -path="$auth_mount" kubernetes >/dev/null \
      || ls_die "could not enable kubernetes at auth/$auth_mount/ (see the message above)"
    ls_info "auth method kubernetes at auth/$auth_mount/: enabled"
    ;;
  *) ls_die "auth/$auth_mount/ is a '$auth_type' auth method, not kubernetes: set VAULT_AUTH_MOUNT to another path" ;;
esac

# --- 2. its config ------------------------------------------------------------

# Every field on every run: the CA and the reviewer JWT are cleared when not given, so that a
# Vault in the cluster goes back to its own pod's.
config_args=(kubernetes_host="$kubernetes_host")
if [[ -n "$ca_cert" ]]; then
  config_args+=(kubernetes_ca_cert=@"$ca_cert")
else
  config_args+=(kubernetes_ca_cert=)
fi
if [[ -n "$reviewer_jwt_file" ]]; then
  config_args+=(token_reviewer_jwt=@"$reviewer_jwt_file")
else
  config_args+=(token_reviewer_jwt=)
fi
if ! "$LS_CLI" write "auth/$auth_mount/config" "${config_args[@]}" >/dev/null; then
  [[ -n "$ca_cert" ]] \
    || ls_die "could not write auth/$auth_mount/config (see the message above): without KUBERNETES_CA_CERT, Vault takes the CA of the pod it runs in; a Vault outside the cluster needs KUBERNETES_CA_CERT, TOKEN_REVIEWER_JWT_FILE and KUBERNETES_HOST (see token-reviewer.yaml)"
  ls_die "could not write auth/$auth_mount/config (see the message above)"
fi
ls_info "config auth/$auth_mount/config: API server $kubernetes_host, CA $(
  [[ -n "$ca_cert" ]] && printf 'from %s' "$ca_cert" || printf "Vault's pod's (Vault in the cluster)"
), token reviewer $(
  [[ -n "$reviewer_jwt_file" ]] && printf 'JWT from %s' "$reviewer_jwt_file" || printf "Vault's own pod's token (Vault in the cluster)"
)"

# --- 3. policy ----------------------------------------------------------------

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

# --- 4. role ------------------------------------------------------------------

if role_before=$("$LS_CLI" read -format=json "$role_path" 2>/dev/null); then
  role_state=updated
else
  role_before=""
  role_state=created
fi
# Every setting on every run, since a role write only changes the fields it names.
"$LS_CLI" write "$role_path" \
  bound_service_account_names="$service_account" \
  bound_service_account_namespaces="$namespace" \
  audience="$audience" \
  token_policies="$policy_name" \
  token_no_default_policy=true \
  token_type=service \
  token_num_uses=0 \
  token_ttl="$token_ttl" \
  token_max_ttl="$token_max_ttl" \
  token_period=0 >/dev/null \
  || ls_die "could not write the role $role_name (see the message above)"
role_json=$("$LS_CLI" read -format=json "$role_path") \
  || ls_die "could not read the role $role_name back"
if [[ "$role_state" == updated && "$(printf '%s' "$role_before" | ls_json_get data)" == "$(printf '%s' "$role_json" | ls_json_get data)" ]]; then
  role_state=unchanged
fi
unset role_before
r() { printf '%s' "$role_json" | ls_json_get "data.$1"; }
ls_info "role $role_name at $role_path: $role_state (service account $(r bound_service_account_names | tr -d '[]" ') in namespace $(r bound_service_account_namespaces | tr -d '[]" '), audience $(r audience), token_policies=$(r token_policies | tr -d '[]" '), no default policy, token_type=service, token_ttl=$(ls_duration "$(r token_ttl)"), token_max_ttl=$(ls_duration "$(r token_max_ttl)"))"
unset role_json

ls_info "service settings: VAULT_AUTH_METHOD=kubernetes VAULT_AUTH_MOUNT=$auth_mount VAULT_AUTH_ROLE=$role_name VAULT_AUTH_JWT_FILE=<the projected token's path, audience $audience>${VAULT_NAMESPACE:+ VAULT_NAMESPACE=$VAULT_NAMESPACE}"
