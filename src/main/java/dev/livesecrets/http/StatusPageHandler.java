package dev.livesecrets.http;

import dev.livesecrets.secrets.HistoryEntry;
import dev.livesecrets.secrets.StatusRequests;
import dev.livesecrets.secrets.SecretsStatus;
import dev.livesecrets.credentials.CredentialsStatus;
import dev.livesecrets.lease.TokenStatus;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /status}: the status page for people. One self-contained HTML page (inline CSS, no script,
 * nothing loaded from elsewhere) rendered on the server from one local request to the secrets verticle,
 * like {@code /secrets/status}: the secret's path and kind, the version in force, key names, the version
 * each HTTP instance holds, the last read, the Vault token (its accessor only with
 * {@code STATUS_SHOW_TOKEN_ACCESSOR=true}) and recent history. Never a value; every
 * string taken from the status is HTML-escaped. 503 page when the secrets verticle does not answer.
 * Runs on the owning verticle's event loop; the templates are read from the classpath at class init.
 */
final class StatusPageHandler implements Handler<RoutingContext> {

  /** Nothing but the inline styles; the page has no script, image, font, frame or form. */
  static final String CONTENT_SECURITY_POLICY =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final long STATUS_TIMEOUT_MS = 5_000;
  private static final DateTimeFormatter TIME =
    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String PAGE = Html.template("/status-page.html");
  private static final String UNAVAILABLE = Html.template("/status-page-unavailable.html");

  private final String instanceName;
  private final boolean showAccessor;

  /** @param showAccessor {@code STATUS_SHOW_TOKEN_ACCESSOR}: whether the token panel and history name the accessor */
  StatusPageHandler(String instanceName, boolean showAccessor) {
    this.instanceName = instanceName;
    this.showAccessor = showAccessor;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String renderedBy = instanceName;
    StatusRequests.fetch(ctx.vertx(), STATUS_TIMEOUT_MS)
      .onSuccess(status -> send(ctx, 200, render(AccessorRedaction.apply(status, showAccessor), instanceName,
        renderedBy, Instant.now())))
      .onFailure(failure -> send(ctx, 503, Html.fill(UNAVAILABLE,
        Map.of("renderedBy", Html.escape(renderedBy), "renderedAt", time(Instant.now(), null)))));
  }

  /** The page for {@code status}; {@code self} (may be null) is the instance to mark in the table. */
  static String render(SecretsStatus status, String self, String renderedBy, Instant now) {
    Map<String, String> slots = new HashMap<>();
    slots.put("source", Html.escape(status.source()));
    slots.put("kind", switch (status.sourceKind()) {
      case VAULT_KV2 -> "Vault KV v2";
      case VAULT_KV1 -> "Vault KV v1 (revisions counted by this process)";
      case FILE -> "local file (development only)";
    });
    slots.put("version", status.loaded() ? status.version().toString() : "none");
    slots.put("loadedAt", time(status.loadedAt(), now));
    slots.put("keys", status.keyNames().isEmpty() ? "<li class=\"muted\">none loaded</li>"
      : status.keyNames().stream().map(k -> "<li><code>" + Html.escape(k) + "</code></li>").collect(Collectors.joining()));
    slots.put("lastAttemptAt", time(status.lastAttemptAt(), now));
    slots.put("lastCheckAt", time(status.lastCheckAt(), now));
    slots.put("lastError", status.lastError() == null ? "<span class=\"pill ok\">none</span>"
      : "<span class=\"pill bad\">error</span> " + Html.escape(status.lastError()) + (status.consecutiveFailures() == 0 ? ""
        : " <span class=\"muted\">(" + status.consecutiveFailures() + " failed reads in a row)</span>"));
    slots.put("reads", status.counts().started() + " since start-up: " + status.counts().failed() + " failed, "
      + status.counts().rejected() + " refused");
    String[] health = !status.loaded() ? new String[] {"bad", "NOT LOADED"}
      : status.stale() ? new String[] {"warn", "STALE"}
      : status.lastError() != null ? new String[] {"warn", "LAST READ FAILED"} : new String[] {"ok", "OK"};
    slots.put("healthClass", health[0]);
    slots.put("health", health[1]);
    slots.put("banner", !status.loaded()
      ? "<p class=\"banner bad\">No valid secret loaded yet: <code>/api</code> answers 503 until one is.</p>"
      : status.stale() ? "<p class=\"banner warn\">Stale: no good read for longer than SECRETS_MAX_STALENESS_MS;"
        + " still serving version " + status.version() + ".</p>" : "");
    slots.put("instances", instances(status, self));
    slots.put("token", token(status.token(), now) + nodes(status.vaultNodes()));
    slots.put("database", database(status.credentials(), now));
    slots.put("history", status.history().isEmpty() ? "<tr><td colspan=\"3\" class=\"muted\">nothing yet</td></tr>"
      : status.history().stream().map(e -> historyRow(e, now)).collect(Collectors.joining("\n")));
    slots.put("renderedBy", Html.escape(renderedBy));
    slots.put("renderedAt", time(now, null));
    return Html.fill(PAGE, slots);
  }

  private static String instances(SecretsStatus status, String self) {
    if (status.instanceVersions().isEmpty()) {
      return "<tr><td colspan=\"3\" class=\"muted\">no instance has applied a snapshot yet</td></tr>";
    }
    // http-2 before http-10
    Comparator<String> byNumber = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
    return status.instanceVersions().entrySet().stream().sorted(Map.Entry.comparingByKey(byNumber))
      .map(e -> instanceRow(e.getKey(), e.getValue(), status, e.getKey().equals(self)))
      .collect(Collectors.joining("\n"));
  }

  private static String instanceRow(String name, Long held, SecretsStatus status, boolean self) {
    boolean behind = status.loaded() && (held == null || held < status.version());
    return "<tr class=\"" + (behind ? "behind" : "current") + "\" data-instance=\"" + Html.escape(name) + "\">"
      + "<td><code>" + Html.escape(name) + "</code>" + (self ? " <span class=\"muted\">(this page)</span>" : "") + "</td>"
      + "<td class=\"held\">" + (held == null ? "none" : held) + "</td>"
      + "<td>" + (behind ? "<span class=\"pill warn\">behind</span>" : "<span class=\"pill ok\">current</span>")
      + "</td></tr>";
  }

  /** Generation, user, lease time left and counts; never the password nor the lease id. */
  private static String database(CredentialsStatus credentials, Instant now) {
    if (credentials == null) {
      return "<p class=\"muted\">No database (DB_ENABLED=false).</p>";
    }
    Long left = credentials.secondsLeft(now);
    return "<dl id=\"database\">"
      + "<dt>Source</dt><dd>" + Html.escape(credentials.source()) + "</dd>"
      + "<dt>Generation</dt><dd id=\"db-generation\">" + credentials.generation() + "</dd>"
      + "<dt>User</dt><dd>" + (credentials.user() == null ? "none yet"
        : "<code>" + Html.escape(credentials.user()) + "</code>") + "</dd>"
      + "<dt>Lease</dt><dd>" + (left == null ? "none" : left + " s left") + " (" + Html.escape(credentials.state())
      + ")</dd>"
      + "<dt>Renewals, issues, failures, revoked</dt><dd>" + credentials.renewals() + ", " + credentials.reissues()
      + ", " + credentials.failures() + ", " + credentials.revocations() + "</dd>"
      + "<dt>Warning</dt><dd>" + (credentials.warning() == null ? "<span class=\"pill ok\">none</span>"
        : "<span class=\"pill warn\">warning</span> " + Html.escape(credentials.warning())) + "</dd>"
      + "</dl>";
  }

  /** Which Vault node the service talks to, when VAULT_ADDR names several, and how often it moved. */
  private static String nodes(io.vertx.core.json.JsonObject nodes) {
    if (nodes == null || nodes.getJsonArray("nodes", new io.vertx.core.json.JsonArray()).size() < 2) {
      return "";
    }
    io.vertx.core.json.JsonObject last = nodes.getJsonObject("lastFailover");
    return "<dl id=\"vault-nodes\">"
      + "<dt>Vault node</dt><dd><code>" + Html.escape(nodes.getString("current")) + "</code> of "
      + nodes.getJsonArray("nodes").size() + "</dd>"
      + "<dt>Failovers</dt><dd>" + nodes.getLong("failovers") + (last == null ? ""
        : " (last from <code>" + Html.escape(last.getString("from")) + "</code>: " + Html.escape(last.getString("reason"))
          + ")") + "</dd>"
      + "</dl>";
  }

  private static String token(TokenStatus token, Instant now) {
    if (token == null) {
      return "<p class=\"muted\">No Vault token: the secret comes from a file.</p>";
    }
    Long left = token.secondsLeft(now);
    return "<dl id=\"token\">"
      + "<dt>Method</dt><dd>" + Html.escape(token.method()) + "</dd>"
      + "<dt>Namespace</dt><dd>" + (token.namespace() == null ? "root"
        : "<code>" + Html.escape(token.namespace()) + "</code>") + "</dd>"
      + "<dt>Accessor</dt><dd>" + (token.accessor() == null ? "not known yet"
        : AccessorRedaction.HIDDEN.equals(token.accessor()) ? "<span class=\"muted\">hidden"
          + " (STATUS_SHOW_TOKEN_ACCESSOR=true shows it)</span>"
        : "<code>" + Html.escape(token.accessor()) + "</code>") + "</dd>"
      + "<dt>TTL left</dt><dd>" + (left == null ? "does not expire" : duration(left) + " (" + left + " s)") + "</dd>"
      + "<dt>Renewable</dt><dd>" + (token.renewable() ? "yes" : "no") + (token.periodic() ? ", periodic" : "") + "</dd>"
      + "<dt>Logins, renewals</dt><dd>" + token.logins() + ", " + token.renewals() + "</dd>"
      + "<dt>Warning</dt><dd>" + (token.warning() == null ? "<span class=\"pill ok\">none</span>"
        : "<span class=\"pill warn\">warning</span> " + Html.escape(token.warning())) + "</dd>"
      + "</dl>";
  }

  private static String historyRow(HistoryEntry entry, Instant now) {
    String name = entry.event();
    String kind = switch (entry.tone()) {
      case GOOD -> "ok";
      case BAD -> "bad";
      case NEUTRAL -> "muted";
    };
    return "<tr data-event=\"" + Html.escape(name) + "\"><td class=\"when\">" + time(entry.at(), now) + "</td>"
      + "<td><span class=\"pill " + kind + "\">" + Html.escape(name) + "</span></td>"
      + "<td class=\"summary\">" + Html.escape(entry.summary()) + "</td></tr>";
  }

  /** {@code at} as text, with how long ago unless {@code now} is null; "never" for null. */
  private static String time(Instant at, Instant now) {
    if (at == null) {
      return "<span class=\"muted\">never</span>";
    }
    String text = "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time>";
    return now == null ? text
      : text + " <span class=\"muted ago\">(" + duration(Duration.between(at, now).toSeconds()) + " ago)</span>";
  }

  private static String duration(long seconds) {
    long s = Math.max(0, seconds);
    return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min " + s % 60 + " s" : s / 3600 + " h " + s % 3600 / 60 + " min";
  }

  private static void send(RoutingContext ctx, int status, String html) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "text/html; charset=utf-8")
      .putHeader("Cache-Control", "no-store")
      .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("Referrer-Policy", "no-referrer")
      .end(html);
  }
}
