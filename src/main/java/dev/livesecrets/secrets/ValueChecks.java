package dev.livesecrets.secrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks on the values the service itself uses, so a version that would break it (a JWT key too short
 * to be safe, an API key that cannot travel in a header, a URL that does not parse) is refused rather
 * than applied. Each check names what is wrong, never the value. Pure; any thread.
 */
final class ValueChecks {

  static final int MIN_JWT_SECRET_BYTES = 32;
  static final int MIN_API_KEY_LENGTH = 16;

  private static final Map<String, Function<String, Optional<String>>> CHECKS = Map.of(
    "jwt_secret", ValueChecks::jwtSecret,
    "api_key", ValueChecks::apiKey,
    "database_url", ValueChecks::databaseUrl);

  private ValueChecks() {
  }

  /** For each key of {@code values} that fails its check, what is wrong; empty when all pass. */
  static Map<String, String> problems(Map<String, String> values) {
    Map<String, String> problems = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      Function<String, Optional<String>> check = CHECKS.get(key);
      if (check != null) {
        check.apply(value).ifPresent(problem -> problems.put(key, problem));
      }
    });
    return problems;
  }

  // HS256 wants a key at least as long as its 256-bit output (RFC 7518, section 3.2).
  private static Optional<String> jwtSecret(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES
      ? Optional.of("shorter than " + MIN_JWT_SECRET_BYTES + " bytes") : Optional.empty();
  }

  // Clients send it in an HTTP header: visible ASCII only, and long enough not to be guessed.
  private static Optional<String> apiKey(String value) {
    boolean visibleAscii = value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    return visibleAscii && value.length() >= MIN_API_KEY_LENGTH ? Optional.empty()
      : Optional.of("not at least " + MIN_API_KEY_LENGTH + " visible ASCII characters");
  }

  private static Optional<String> databaseUrl(String value) {
    // JDBC URLs wrap a URL in "jdbc:"; the URL inside is what must parse.
    String url = value.startsWith("jdbc:") ? value.substring("jdbc:".length()) : value;
    try {
      URI uri = new URI(url);
      return uri.getScheme() != null && hasHost(uri.getRawAuthority())
        ? Optional.empty() : Optional.of("not a URL with a scheme and a host");
    } catch (URISyntaxException e) {
      return Optional.of("not a parseable URL"); // the exception's message quotes the value: not passed on
    }
  }

  // URI.getHost() is null for names with '_' (db_primary), common in container networks, so the host is
  // taken from the authority: without user info and port, something must remain.
  private static boolean hasHost(String authority) {
    if (authority == null) {
      return false;
    }
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host = hostAndPort.startsWith("[") ? hostAndPort.substring(0, hostAndPort.indexOf(']') + 1)
      : hostAndPort.contains(":") ? hostAndPort.substring(0, hostAndPort.indexOf(':')) : hostAndPort;
    return !host.isEmpty() && !host.equals("[]");
  }
}
