package dev.livesecrets.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves that no secret the tests seed or make ever reaches what can be seen of the service: log lines and the
 * headers and bodies of HTTP responses (metrics scrapes included). {@link #suite()} is the one guard of the test
 * JVM: {@link SecretValues}, the harness and the clients of {@link ServiceUnderTest} and {@link SteadyLoad} feed it,
 * {@link LeakGuardExtension} and {@link ServiceUnderTest#close()} check it.
 *
 * <p>A check looks at everything collected so far for every secret registered so far, and reports each place
 * (log line index and logger, or response {@code METHOD PATH} and header name) with the kind of secret, never the
 * value. What one check has looked at, the next does not look at again, so a leak is reported once, by the first
 * check that sees it, and checks stay cheap over a long suite.
 *
 * <p>A JWT in a response is no leak in itself: {@code POST /api/token} issues one on purpose. Its decoded header and
 * claims are checked too, so a seeded value carried inside it is still found. Values shorter than
 * {@value #MIN_LENGTH} characters are not checked: tests write some (an {@code 12345}, an {@code sk-9f3a}) only to
 * see them refused, and they would match timestamps and ports by chance. Thread-safe.
 */
public final class LeakGuard {

  static final int MIN_LENGTH = 8;

  private static final LeakGuard SUITE = new LeakGuard(LogCapture::lines);
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  private final Supplier<List<String>> logLines;
  private final Object lock = new Object();
  private final Object checking = new Object();
  private final List<Secret> secrets = new ArrayList<>();
  private final Set<String> registered = new HashSet<>();
  private final List<Seen> responses = new ArrayList<>();
  private final Set<String> distinct = new HashSet<>();
  // Every (text, secret) pair below these marks has been looked at by an earlier check.
  private int checkedSecrets;
  private int checkedResponses;
  private int checkedLogLines;

  /** A guard over {@code logLines} and the responses recorded into it. */
  public LeakGuard(Supplier<List<String>> logLines) {
    this.logLines = logLines;
  }

  /** The guard of the whole test JVM, over every line {@link LogCapture} keeps. */
  public static LeakGuard suite() {
    return SUITE;
  }

  private record Secret(String value, String what) {
    @Override
    public String toString() {
      return what;
    }
  }

  /** A text seen somewhere, with the first place it was seen. */
  private record Seen(String place, String text) {
  }

  /** Remembers {@code value}, described as {@code what} in reports ("the root token"), as something never to show. */
  public void register(String value, String what) {
    if (value == null || value.strip().length() < MIN_LENGTH) {
      return;
    }
    synchronized (lock) {
      if (registered.add(value)) {
        secrets.add(new Secret(value, what));
      }
    }
  }

  public void registerAll(Iterable<String> values, String what) {
    values.forEach(value -> register(value, what));
  }

  /** Records the status message, every header and the body of a response to {@code METHOD uri}. */
  public void recordResponse(String method, String uri, HttpResponse<Buffer> response) {
    String place = "response of " + method + " " + pathOnly(uri);
    record(place + ", status message", response.statusMessage());
    for (Map.Entry<String, String> header : response.headers()) {
      record(place + ", header " + header.getKey(), header.getKey() + ": " + header.getValue());
    }
    Buffer body = response.body();
    recordBody(place, body == null ? "" : body.toString(StandardCharsets.UTF_8));
  }

  /** Records a body, and the decoded header and claims of every JWT in it. */
  public void recordBody(String place, String body) {
    record(place + ", body", body);
    Matcher jwt = JWT.matcher(body);
    while (jwt.find()) {
      String[] parts = jwt.group().split("\\.");
      record(place + ", decoded JWT in the body", decode(parts[0]) + " " + decode(parts[1]));
    }
  }

  /** Records a text seen at {@code place}; the same text seen again keeps its first place. */
  public void record(String place, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (distinct.add(text)) {
        responses.add(new Seen(place, text));
      }
    }
  }

  /**
   * Where a registered secret shows that no earlier check reported: one line per place, naming the kind of secret
   * and never its value.
   */
  public List<String> newLeaks() {
    synchronized (checking) {
      List<Secret> secretsNow;
      List<Seen> responsesNow;
      int secretsBefore;
      int responsesBefore;
      int linesBefore;
      synchronized (lock) {
        secretsNow = List.copyOf(secrets);
        responsesNow = List.copyOf(responses);
        secretsBefore = checkedSecrets;
        responsesBefore = checkedResponses;
        linesBefore = checkedLogLines;
      }
      List<String> lines = logLines.get();
      List<String> leaks = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Secret found = firstIn(line, secretsNow, i < linesBefore ? secretsBefore : 0);
        if (found != null) {
          leaks.add("log line " + i + " (" + levelAndLogger(line) + ") holds " + found);
        }
      }
      for (int i = 0; i < responsesNow.size(); i++) {
        Seen seen = responsesNow.get(i);
        Secret found = firstIn(seen.text(), secretsNow, i < responsesBefore ? secretsBefore : 0);
        if (found != null) {
          leaks.add(seen.place() + " holds " + found);
        }
      }
      synchronized (lock) {
        checkedSecrets = secretsNow.size();
        checkedResponses = responsesNow.size();
        checkedLogLines = lines.size();
      }
      return leaks;
    }
  }

  /** Fails, naming every place of {@link #newLeaks()} (values not shown), if there is any. */
  public void assertNoNewLeaks() {
    List<String> leaks = newLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError("Leak guard: a secret the tests seeded or made shows where it must not (values not "
        + "shown):\n  " + String.join("\n  ", leaks));
    }
  }

  /** How much the guard holds, for the end-of-run line. */
  public String summary() {
    synchronized (lock) {
      return secrets.size() + " secrets checked against " + checkedLogLines + " log lines and " + responses.size()
        + " distinct response parts";
    }
  }

  private static Secret firstIn(String text, List<Secret> secrets, int from) {
    for (int s = from; s < secrets.size(); s++) {
      if (text.contains(secrets.get(s).value())) {
        return secrets.get(s);
      }
    }
    return null;
  }

  /** {@code LEVEL logger}, the start of a {@link LogCapture} line, which holds no message text. */
  private static String levelAndLogger(String line) {
    String[] words = line.split(" ", 3);
    return words.length < 2 ? "?" : words[0] + " " + words[1];
  }

  /** The path of a request URI, without a query that a test may have filled with a secret. */
  private static String pathOnly(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query) + "?...";
  }

  private static String decode(String part) {
    try {
      return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return "";
    }
  }
}
