package dev.livesecrets.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every log line of the test JVM (message, arguments and stack traces, as written) so tests can
 * prove that no secret value or token was logged. Thread-safe.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {

  private static final List<String> LINES = new ArrayList<>();
  private static LogCapture installed;

  /** Attaches the capture to the root logger once per JVM. */
  public static synchronized void install() {
    if (installed != null) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    installed = new LogCapture();
    installed.setContext(context);
    installed.setName("test-capture");
    installed.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(installed);
  }

  /** A copy of the lines captured so far. */
  public static List<String> lines() {
    synchronized (LINES) {
      return List.copyOf(LINES);
    }
  }

  /** Fails naming the line (not the value) if any captured line contains one of {@code secrets}. */
  public static void assertNoneContain(Collection<String> secrets) {
    List<String> lines = lines();
    for (String secret : secrets) {
      for (int i = 0; i < lines.size(); i++) {
        assertThat(lines.get(i).contains(secret))
          .as("log line %d contains a secret value or token (value not shown)", i)
          .isFalse();
      }
    }
  }

  /** Lines containing {@code fragment}. */
  public static List<String> linesContaining(String fragment) {
    return lines().stream().filter(line -> line.contains(fragment)).toList();
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
      + event.getFormattedMessage());
    if (event.getThrowableProxy() != null) {
      line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    synchronized (LINES) {
      LINES.add(line.toString());
    }
  }
}
