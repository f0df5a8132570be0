package dev.livesecrets.observe;

import dev.livesecrets.events.Events;
import dev.livesecrets.events.ServiceEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Writes every {@link ServiceEvent} as one audit log line on the {@value #LOGGER} logger: a fixed
 * {@code event} name and the event's own fields (path, versions, key names, accessor, reason), which the
 * JSON encoder turns into JSON fields and the dev pattern into {@code key=value} text. Events carry no
 * secret, so neither do these lines. One instance per process; its own event loop.
 */
public final class AuditLogVerticle extends VerticleBase {

  /** The logger audit lines are written to, so operators can route them apart. */
  public static final String LOGGER = "live-secrets.audit";

  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

  @Override
  public Future<?> start() {
    return vertx.eventBus().<ServiceEvent>localConsumer(ServiceEvent.ADDRESS, message -> write(message.body()))
      .completion();
  }

  static void write(ServiceEvent event) {
    LoggingEventBuilder line = AUDIT.atLevel(level(event.level())).addArgument(kv("event", event.name()));
    StringBuilder format = new StringBuilder("{}");
    event.auditFields().forEach((name, value) -> {
      line.addArgument(kv(name, value));
      format.append(" {}");
    });
    line.setMessage(format.toString()).log();
  }

  private static Level level(ServiceEvent.AuditLevel level) {
    return switch (level) {
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
    };
  }
}
