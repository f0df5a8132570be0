package dev.livesecrets.support;

import java.util.HashMap;
import java.util.Map;

/**
 * Settings that make failures show within a test's patience: a short period, a short request timeout,
 * staleness after 2 s and quick retries.
 */
public final class FastFailureSettings {

  public static final Map<String, String> SETTINGS = Map.of(
    "SECRETS_REFRESH_PERIOD_MS", "500",
    "VAULT_REQUEST_TIMEOUT_MS", "300",
    "SECRETS_MAX_STALENESS_MS", "2000",
    "SECRETS_RETRY_INITIAL_MS", "200",
    "SECRETS_RETRY_MAX_MS", "1000");

  private FastFailureSettings() {
  }

  /** {@link #SETTINGS} with {@code overrides} on top. */
  public static Map<String, String> with(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(SETTINGS);
    all.putAll(overrides);
    return all;
  }
}
