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

LS_PRINT_POLICY=0
while (($#)); do
  ls_common_option "$1"
  shift
done

ls_service_policy "$POLICY_TEMPLATE"

ls_auth_mount VAULT_AUTH_MOUNT "${VAULT_AUTH_MOUNT:-kubernetes}"
ls_role_name VAULT_AUTH_ROLE "${VAULT_AUTH_ROLE:-live-secrets}"
ls_policy_name "${VAULT_POLICY_NAME:-live-secrets}"
namespace=${K8S_NAMESPACE:-live-secrets}
service_account=${K8S_SERVICE_ACCOUNT:-live-secrets}
audience=${K8S_AUDIENCE:-vault}
kubernetes_host=${KUBERNETES_HOST:-https://kubernetes.default.svc}
ca_cert=${KUBERNETES_CA_CERT:-}
reviewer_jwt_file=${TOKEN_REVIEWER_JWT_FILE:-}
token_ttl=${K8S_TOKEN_TTL:-1h}
token_max_ttl=${K8S_TOKEN_MAX_TTL:-24h}

# Kubernetes names: DNS labels (namespace) and DNS subdomains (service account).
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$ ]] \
  || ls_die "K8S_NAMESPACE '$namespace' is not a Kubernetes namespace name (lower-case letters, digits, '-')"
[[ "$service_account" =~ ^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$ ]] \
  || ls_die "K8S_SERVICE_ACCOUNT '$service_account' is not a Kubernetes service account name"
[[ -n "$audience" && "$audience" != *,* && "$audience" != *" "* ]] \
  || ls_die "K8S_AUDIENCE '$audience': one audience, without spaces or commas (the projected token's audience)"
[[ "$kubernetes_host" =~ ^https?://[^/@?#[:space:]]+/?$ ]] \
  || ls_die "KUBERNETES_HOST '$kubernetes_host': expected the API server's URL, such as https://203.0.113.7:6443"
ls_check_durations K8S_TOKEN_TTL="$token_ttl" K8S_TOKEN_MAX_TTL="$token_max_ttl"
for setting in KUBERNETES_CA_CERT="$ca_cert" TOKEN_REVIEWER_JWT_FILE="$reviewer_jwt_file"; do
  file=${setting#*=}
  [[ -z "$file" || (-f "$file" && -r "$file" && -s "$file") ]] \
    || ls_die "${setting%%=*}: '$file' is not a readable, non-empty file"
done

ls_detect_cli
ls_require_env
ls_check_mount

role_path=auth/$LS_AUTH_MOUNT/role/$LS_ROLE_NAME
ls_info "Vault $VAULT_ADDR${VAULT_NAMESPACE:+ (namespace $VAULT_NAMESPACE)} via $LS_CLI; secret $LS_WHERE (KV v$LS_KV_VERSION)"

# --- 1. auth method -----------------------------------------------------------

ls_enable_auth kubernetes "$LS_AUTH_MOUNT" VAULT_AUTH_MOUNT

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
if ! "$LS_CLI" write "auth/$LS_AUTH_MOUNT/config" "${config_args[@]}" >/dev/null; then
  [[ -n "$ca_cert" ]] \
    || ls_die "could not write auth/$LS_AUTH_MOUNT/config (see the message above): without KUBERNETES_CA_CERT, Vault takes the CA of the pod it runs in; a Vault outside the cluster needs KUBERNETES_CA_CERT, TOKEN_REVIEWER_JWT_FILE and KUBERNETES_HOST (see token-reviewer.yaml)"
  ls_die "could not write auth/$LS_AUTH_MOUNT/config (see the message above)"
fi
ls_info "config auth/$LS_AUTH_MOUNT/config: API server $kubernetes_host, CA $(
  [[ -n "$ca_cert" ]] && printf 'from %s' "$ca_cert" || printf "Vault's pod's (Vault in the cluster)"
), token reviewer $(
  [[ -n "$reviewer_jwt_file" ]] && printf 'JWT from %s' "$reviewer_jwt_file" || printf "Vault's own pod's token (Vault in the cluster)"
)"

# --- 3. policy ----------------------------------------------------------------

ls_write_policy "$LS_POLICY_NAME" "$LS_POLICY_TEXT"

# --- 4. role ------------------------------------------------------------------

ls_write_role "$role_path" "$LS_ROLE_NAME" "$LS_POLICY_NAME" "$token_ttl" "$token_max_ttl" 0 \
  bound_service_account_names="$service_account" \
  bound_service_account_namespaces="$namespace" \
  audience="$audience"
ls_info "role $LS_ROLE_NAME at $role_path: $LS_ROLE_STATE (service account $(ls_role_list bound_service_account_names) in namespace $(ls_role_list bound_service_account_namespaces), audience $(ls_role_field audience), $(ls_role_token_summary))"
unset LS_ROLE_JSON

ls_info "service settings: VAULT_AUTH_METHOD=kubernetes VAULT_AUTH_MOUNT=$LS_AUTH_MOUNT VAULT_AUTH_ROLE=$LS_ROLE_NAME VAULT_AUTH_JWT_FILE=<the projected token's path, audience $audience>${VAULT_NAMESPACE:+ VAULT_NAMESPACE=$VAULT_NAMESPACE}"
