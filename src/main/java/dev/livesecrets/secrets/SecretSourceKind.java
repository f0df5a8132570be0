package dev.livesecrets.secrets;

/** Where a secret read comes from, which decides how the config retriever's JSON is unpacked. */
public enum SecretSourceKind {
  /** KV v2: {@code {"data": {...}, "metadata": {"version": N}}}; the version is Vault's. */
  VAULT_KV2,
  /** KV v1: the values at the top level, beside the store's {@code vault-*} lease entries; no version. */
  VAULT_KV1,
  /** A local JSON file (development only); no version. */
  FILE;

  /** Whether the source numbers its versions itself (else the process counts revisions). */
  public boolean hasVersions() {
    return this == VAULT_KV2;
  }
}
