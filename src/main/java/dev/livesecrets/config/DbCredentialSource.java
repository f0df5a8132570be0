package dev.livesecrets.config;

/**
 * Where the database credentials come from ({@code DB_CREDENTIALS}). Each variant holds exactly what it needs.
 */
public sealed interface DbCredentialSource {

  /** {@code static} or {@code vault}, as the setting spells it. */
  String name();

  /** User and password from the KV secret's {@code key} (a {@code postgresql://user:password@...} URL). */
  record FromSecret(String key) implements DbCredentialSource {
    public String name() {
      return "static";
    }
  }

  /** Dynamic credentials leased from Vault's database engine at {@code <mount>/creds/<role>}. */
  record Leased(String mount, String role) implements DbCredentialSource {
    public String name() {
      return "vault";
    }

    /** The API path credentials are read from, without the {@code /v1/} prefix. */
    public String credsPath() {
      return mount + "/creds/" + role;
    }
  }
}
