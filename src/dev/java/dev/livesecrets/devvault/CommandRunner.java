package dev.livesecrets.devvault;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a short-lived command to completion with a time limit. The caller's {@link ProcessBuilder} decides where
 * the output goes; it is never inherited, since some of these commands can print secrets. Blocking; call it off
 * any Vert.x event loop.
 */
public final class CommandRunner {

  private CommandRunner() {
  }

  /**
   * Starts the command, closes its standard input and waits for it.
   *
   * @return the exit code
   * @throws TimeoutException when it did not finish within {@code timeout}; it has then been killed
   * @throws IOException when it could not be started (for instance, it does not exist)
   */
  public static int run(ProcessBuilder command, Duration timeout)
    throws IOException, InterruptedException, TimeoutException {
    Process process = command.start();
    // Nothing we run needs input; a closed stdin makes a command that would prompt fail instead of hang.
    process.getOutputStream().close();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessTree.stop(process);
        throw new TimeoutException("`" + String.join(" ", command.command()) + "` did not finish within "
          + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      ProcessTree.stop(process);
      throw e;
    }
    return process.exitValue();
  }
}
