# What the token running setup-approle.sh needs, for the default names
# (approle auth mount "approle", policy "live-secrets", role "live-secrets",
# KV mount "secret"). Adjust the paths when you change VAULT_APPROLE_MOUNT,
# VAULT_POLICY_NAME, VAULT_ROLE_NAME or VAULT_MOUNT_POINT. A root token works too.
#
#   bao policy write live-secrets-approle-admin infrastructure/vault/setup-approle-admin-policy.hcl
#   VAULT_TOKEN=$(bao token create -field=token -policy=live-secrets-approle-admin -ttl=15m) \
#     infrastructure/vault/setup-approle.sh ...
#
# Note that whoever holds this may give the role any token_policies, so treat it
# as an administrator's policy.

# List auth methods, and enable approle at auth/approle/ (enabling needs sudo).
# Once approle is enabled, "sys/auth/approle" can go.
path "sys/auth" {
  capabilities = ["read"]
}

path "sys/auth/approle" {
  capabilities = ["create", "update", "sudo"]
}

# Read (to compare) and write the service's policy.
path "sys/policies/acl/live-secrets" {
  capabilities = ["read", "create", "update"]
}

# Create or update the role, read its role_id, make secret_ids.
path "auth/approle/role/live-secrets" {
  capabilities = ["read", "create", "update"]
}

path "auth/approle/role/live-secrets/role-id" {
  capabilities = ["read"]
}

path "auth/approle/role/live-secrets/secret-id" {
  capabilities = ["update"]
}

# Optional: lets the script check that VAULT_KV_VERSION matches the KV mount.
path "sys/internal/ui/mounts/secret" {
  capabilities = ["read"]
}
