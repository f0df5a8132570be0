# Policy of the live-secrets service (VAULT_AUTH_METHOD=approle), written by
# infrastructure/vault/setup-approle.sh for secret/live-secrets (KV v2).
#
# The service may read its one secret and look up, renew and revoke its own
# token. Nothing else: no list, no write, no other path, no sys/ endpoint
# (but the lease endpoints, with dynamic database credentials).
# (The AppRole role also sets token_no_default_policy=true, so the "default"
# policy, with cubbyhole, sys/wrapping/* and more, is not attached.)

# KV v2: the current data (its answer carries the version: no metadata read).
path "secret/data/live-secrets" {
  capabilities = ["read"]
}

# The service's own token: look it up (TTL), renew it, revoke it at shutdown.
path "auth/token/lookup-self" {
  capabilities = ["read"]
}

path "auth/token/renew-self" {
  capabilities = ["update"]
}

path "auth/token/revoke-self" {
  capabilities = ["update"]
}
