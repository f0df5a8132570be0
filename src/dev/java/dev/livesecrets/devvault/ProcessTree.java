package dev.livesecrets.devvault;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and everything it started: politely first, forcibly after a grace period. Blocking; call it
 * off any Vert.x event loop.
 */
final class ProcessTree {

  static final Duration GRACE = Duration.ofSeconds(5);

  private ProcessTree() {
  }

  /** Returns once the process has exited, or after the forced kill when it would not. */
  static void stop(Process process) {
    // Taken before the parent dies: afterwards its children are re-parented and no longer listed as descendants.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    boolean interrupted = false;
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
