package dev.livesecrets.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the ordered field map of an audit line. Pure; any thread. */
public final class AuditFields {

  private AuditFields() {
  }

  /** The fields in the order given, from name-value pairs: {@code of("path", p, "version", 3)}. */
  public static Map<String, Object> of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("audit fields come in name-value pairs");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(fields);
  }
}
