package dev.livesecrets.devvault;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VaultServer} whose stopping is a plain action: nothing for a server someone else runs, or the action
 * that stops a process or container this JVM started. Strategies outside this package (a Testcontainers one, for
 * instance) can use it too.
 *
 * <p>A server we own gets a JVM shutdown hook, so it never outlives the JVM even when nobody calls
 * {@link #close()}. Thread-safe; {@link #close()} blocks while the stop action runs, so call it off any Vert.x
 * event loop.
 */
public final class RunningVaultServer implements VaultServer {

  private static final Logger LOG = LoggerFactory.getLogger(RunningVaultServer.class);

  private final String address;
  private final String token;
  private final String description;
  private final Optional<Path> auditLog;
  private final Runnable stop;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RunningVaultServer(String address, String token, String description, Optional<Path> auditLog,
                             Runnable stop, boolean hook) {
    this.address = trimTrailingSlashes(Objects.requireNonNull(address, "address"));
    this.token = Objects.requireNonNull(token, "token");
    this.description = Objects.requireNonNull(description, "description");
    this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.shutdownHook = hook ? new Thread(this::close, "devvault-stop") : null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // Too late for a hook to run: stop now rather than leave the server behind.
        stop.run();
        throw shuttingDown;
      }
    }
  }

  /** A server someone else runs: {@link #close()} leaves it alone. */
  public static RunningVaultServer external(String address, String token, String description) {
    return new RunningVaultServer(address, token, description, Optional.empty(), () -> { }, false);
  }

  /**
   * A server this JVM started: {@link #close()}, or JVM shutdown if that comes first, runs {@code stop} once.
   * {@code stop} should block until the server is gone.
   */
  public static RunningVaultServer owned(String address, String token, String description, Runnable stop) {
    return new RunningVaultServer(address, token, description, Optional.empty(), stop, true);
  }

  /**
   * Like {@link #owned(String, String, String, Runnable)}, for a server whose audit device writes to
   * {@code auditLog}.
   */
  public static RunningVaultServer owned(String address, String token, String description, Optional<Path> auditLog,
                                         Runnable stop) {
    return new RunningVaultServer(address, token, description, auditLog, stop, true);
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public String token() {
    return token;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Optional<Path> auditLog() {
    return auditLog;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shutdownInProgress) {
        // The hook may be running right now; the closed flag makes it a no-op.
      }
    }
    try {
      stop.run();
    } catch (RuntimeException e) {
      // Closing is best effort cleanup of a dev server; a failure here must not hide the caller's own outcome.
      LOG.warn("Could not stop {}: {}", description, e.toString());
    }
  }

  @Override
  public String toString() {
    return "RunningVaultServer[" + description + ", token=<redacted>]";
  }

  private static String trimTrailingSlashes(String address) {
    String trimmed = address.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
