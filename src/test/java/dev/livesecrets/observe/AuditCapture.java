package dev.livesecrets.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Collects the audit logger's lines, debug ones included, between {@link #attach()} and {@link #detach()}. */
final class AuditCapture {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger audit;

  LoggerContext attach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    audit = context.getLogger(AuditLogVerticle.LOGGER);
    audit.setLevel(Level.DEBUG);
    appender.setContext(context);
    appender.start();
    audit.addAppender(appender);
    return context;
  }

  void detach() {
    audit.detachAppender(appender);
    audit.setLevel(null);
  }

  List<ILoggingEvent> lines() {
    return appender.list;
  }
}
