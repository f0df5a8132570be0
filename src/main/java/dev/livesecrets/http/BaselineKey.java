package dev.livesecrets.http;

import dev.livesecrets.auth.ConstantTime;

import java.nio.charset.StandardCharsets;

/**
 * The constant key of {@code GET /api/baseline}, a route that exists only with
 * {@code BENCH_BASELINE_ENABLED=true}, so a benchmark can compare a secret-checked route with one that
 * checks a constant the same way. Not a secret: it opens nothing but that route.
 */
public final class BaselineKey {

  public static final String VALUE = "baseline-not-a-secret";

  private static final byte[] BYTES = VALUE.getBytes(StandardCharsets.UTF_8);

  private BaselineKey() {
  }

  static boolean matches(String provided) {
    return ConstantTime.matches(provided, BYTES);
  }
}
