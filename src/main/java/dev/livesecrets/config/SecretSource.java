package dev.livesecrets.config;

import java.nio.file.Path;

/**
 * Where the secret comes from: Vault (the normal case) or a local JSON file (development only). Each
 * variant holds exactly what it needs, so no code asks a flag and then reads a field that may be null.
 */
public sealed interface SecretSource {

  /** What operators call the source, for logs and status: {@code mount/path}, or the file. */
  String display();

  /** A KV secret in Vault, read with {@code settings}. */
  record Vault(VaultSettings settings) implements SecretSource {
    @Override
    public String display() {
      return settings.displayPath();
    }
  }

  /** A JSON file, re-read every period ({@code VAULT_ENABLED=false}). */
  record File(Path path) implements SecretSource {
    @Override
    public String display() {
      return path.toString();
    }
  }
}
