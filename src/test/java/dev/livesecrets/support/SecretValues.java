package dev.livesecrets.support;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fresh random secret values for tests, shaped like real ones, each registered with {@link LeakGuard#suite()}. */
public final class SecretValues {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretValues() {
  }

  /** {@code database_url}, {@code api_key} and {@code jwt_secret}, all new. */
  public static Map<String, String> fresh() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("database_url", "postgresql://app:" + hex(12) + "@db:5432/app");
    values.put("api_key", "sk-" + hex(16));
    values.put("jwt_secret", hex(32));
    LeakGuard.suite().registerAll(values.values(), "a seeded secret value");
    return values;
  }

  /** {@code values} with {@code key} replaced by a new random value of the same shape. */
  public static Map<String, String> rotated(Map<String, String> values, String key) {
    Map<String, String> next = new LinkedHashMap<>(values);
    next.put(key, fresh().get(key));
    return next;
  }

  public static String hex(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
