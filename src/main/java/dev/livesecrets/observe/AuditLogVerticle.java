package dev.livesecrets.observe;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import net.logstash.logback.argument.StructuredArgument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Writes every {@link SecretsEvent} as one audit log line on the {@value #LOGGER} logger: a fixed
 * {@code event} name and fixed fields (path, versions, key names, accessor, reason), which the JSON
 * encoder turns into JSON fields and the dev pattern into {@code key=value} text. Events carry no
 * secret, so neither do these lines. One instance per process; its own event loop.
 */
public final class AuditLogVerticle extends VerticleBase {

  /** The logger audit lines are written to, so operators can route them apart. */
  public static final String LOGGER = "live-secrets.audit";

  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

  @Override
  public Future<?> start() {
    return vertx.eventBus().<SecretsEvent>localConsumer(SecretsEvent.ADDRESS, message -> write(message.body()))
      .completion();
  }

  static void write(SecretsEvent event) {
    StructuredArgument name = kv("event", event.name());
    // Java 17: no pattern switch yet, so one instanceof per event type.
    if (event instanceof SecretsEvent.SecretsLoaded e) {
      AUDIT.info("{} {} {} {}", name, kv("path", e.source()), kv("version", e.version()), kv("keys", e.keys()));
    } else if (event instanceof SecretsEvent.SecretsRotated e) {
      AUDIT.info("{} {} {} {} {}", name, kv("path", e.source()), kv("oldVersion", e.oldVersion()),
        kv("newVersion", e.newVersion()), kv("changedKeys", e.changedKeys()));
    } else if (event instanceof SecretsEvent.VersionRejected e) {
      AUDIT.error("{} {} {} {} {}", name, kv("path", e.source()), kv("version", e.version()), kv("keys", e.keys()),
        kv("reason", e.reason()));
    } else if (event instanceof SecretsEvent.ReadFailed e) {
      AUDIT.debug("{} {} {} {}", name, kv("path", e.source()), kv("cause", e.cause()), kv("reason", e.description()));
    } else if (event instanceof SecretsEvent.VaultUnavailable e) {
      AUDIT.error("{} {} {}", name, kv("path", e.source()), kv("reason", e.description()));
    } else if (event instanceof SecretsEvent.VaultRecovered e) {
      AUDIT.info("{} {} {}", name, kv("path", e.source()), kv("downForMs", e.downFor().toMillis()));
    } else if (event instanceof SecretsEvent.VaultLogin e) {
      AUDIT.info("{} {} {} {} {}", name, kv("method", e.method()), kv("accessor", e.accessor()),
        kv("ttlSeconds", e.ttlSeconds()), kv("reason", e.reason()));
    } else if (event instanceof SecretsEvent.TokenRenewed e) {
      AUDIT.info("{} {} {} {}", name, kv("accessor", e.accessor()), kv("ttlSeconds", e.ttlSeconds()),
        kv("cappedByMaxTtl", e.cappedByMaxTtl()));
    } else if (event instanceof SecretsEvent.VaultAuthFailure e) {
      AUDIT.warn("{} {} {} {}", name, kv("accessor", e.accessor()), kv("operation", e.operation()),
        kv("reason", e.description()));
    } else if (event instanceof SecretsEvent.SnapshotApplied e) {
      AUDIT.debug("{} {} {} {}", name, kv("instance", e.instance()), kv("version", e.version()),
        kv("sequence", e.sequence()));
    }
  }
}
