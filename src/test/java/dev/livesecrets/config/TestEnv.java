package dev.livesecrets.config;

import java.util.HashMap;
import java.util.Map;

/** Environments for settings tests: a Vault token plus name/value pairs, which may replace it. */
final class TestEnv {

  private TestEnv() {
  }

  static Map<String, String> withToken(String token, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_TOKEN", token);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }
}
