package dev.livesecrets.observe;

import java.util.Set;

/**
 * The value of the {@code method} label of HTTP metrics: the request's method when it is one of HTTP's
 * own, else {@value #OTHER}. A client may send any token as a method, and each distinct label value is a
 * new series kept for the life of the process, so a label value must never come from the client
 * unchecked. Pure; any thread.
 */
public final class MethodLabel {

  /** The label of every method outside {@link #KNOWN}. */
  public static final String OTHER = "other";

  /** The methods of RFC 9110 and PATCH (RFC 5789). */
  public static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
    "TRACE", "PATCH");

  private MethodLabel() {
  }

  public static String of(String method) {
    return method != null && KNOWN.contains(method) ? method : OTHER;
  }
}
