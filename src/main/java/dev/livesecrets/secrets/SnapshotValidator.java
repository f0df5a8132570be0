package dev.livesecrets.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a read may replace the current snapshot: it must not be empty, every required key
 * must hold a non-blank string, and the values the service uses must pass {@link ValueChecks}. Pure;
 * any thread.
 */
public final class SnapshotValidator {

  private final List<String> requiredKeys;

  public SnapshotValidator(List<String> requiredKeys) {
    this.requiredKeys = List.copyOf(requiredKeys);
  }

  /**
   * The string values of {@code read}, ready for a snapshot.
   *
   * @param source  {@code mount/path} or the file, for the error message
   * @param version how the version is named in the error message ("4", "unknown", ...)
   * @throws SecretRejectedException naming the keys at fault, never their values
   */
  public Map<String, String> validate(SecretRead read, String source, String version) {
    if (read.isEmpty()) {
      throw new SecretRejectedException(source, version,
        "no secret found (missing path, or current version deleted or destroyed)", List.of());
    }
    List<String> missing = new ArrayList<>();
    List<String> notStrings = new ArrayList<>();
    List<String> blank = new ArrayList<>();
    for (String key : requiredKeys) {
      Object value = read.values().get(key);
      if (value == null) {
        missing.add(key);
      } else if (!(value instanceof String)) {
        notStrings.add(key);
      } else if (((String) value).isBlank()) {
        blank.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new SecretRejectedException(source, version, "missing required keys", missing);
    }
    if (!notStrings.isEmpty()) {
      throw new SecretRejectedException(source, version, "required keys are not strings", notStrings);
    }
    if (!blank.isEmpty()) {
      throw new SecretRejectedException(source, version, "required keys are empty", blank);
    }
    Map<String, String> values = new LinkedHashMap<>();
    // Keys beyond the required ones are kept when they are strings; other types have no use here.
    read.values().forEach((key, value) -> {
      if (value instanceof String s) {
        values.put(key, s);
      }
    });
    Map<String, String> problems = ValueChecks.problems(values);
    if (!problems.isEmpty()) {
      String details = problems.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining("; "));
      throw new SecretRejectedException(source, version, "values fail their checks (" + details + ")",
        new ArrayList<>(problems.keySet()));
    }
    return values;
  }
}
