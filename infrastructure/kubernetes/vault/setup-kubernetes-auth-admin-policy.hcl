# What the token running setup-kubernetes-auth.sh needs, for the default names
# (kubernetes auth mount "kubernetes", policy "live-secrets", role
# "live-secrets", KV mount "secret"). Adjust the paths when you change
# VAULT_AUTH_MOUNT, VAULT_POLICY_NAME, VAULT_AUTH_ROLE or VAULT_MOUNT_POINT.
# A root token works too.
#
#   vault policy write live-secrets-kubernetes-admin infrastructure/kubernetes/vault/setup-kubernetes-auth-admin-policy.hcl
#   VAULT_TOKEN=$(vault token create -field=token -policy=live-secrets-kubernetes-admin -ttl=15m) \
#     infrastructure/kubernetes/vault/setup-kubernetes-auth.sh
#
# Whoever holds this may give the role any token_policies and point the auth
# method at any API server, so treat it as an administrator's policy.

# List auth methods, and enable kubernetes at auth/kubernetes/ (enabling needs
# sudo). Once it is enabled, "sys/auth/kubernetes" can go.
path "sys/auth" {
  capabilities = ["read"]
}

path "sys/auth/kubernetes" {
  capabilities = ["create", "update", "sudo"]
}

# The auth method's config: the API server, its CA, the token reviewer's JWT.
path "auth/kubernetes/config" {
  capabilities = ["create", "update"]
}

# Read (to compare) and write the service's policy.
path "sys/policies/acl/live-secrets" {
  capabilities = ["read", "create", "update"]
}

# Create or update the role and read it back.
path "auth/kubernetes/role/live-secrets" {
  capabilities = ["read", "create", "update"]
}

# Optional: lets the script check that VAULT_KV_VERSION matches the KV mount.
path "sys/internal/ui/mounts/secret" {
  capabilities = ["read"]
}
