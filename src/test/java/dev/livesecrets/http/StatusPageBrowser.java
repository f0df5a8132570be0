package dev.livesecrets.http;

import dev.livesecrets.support.ChromiumProvisioner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real headless Chromium, one process per call, each with a new profile: the DOM after rendering, or
 * a screenshot. Found, or installed when this process may, by {@link ChromiumProvisioner}; otherwise the test
 * fails and says how to install it. Every run is bounded and its whole process tree is killed after. Test
 * threads only.
 */
final class StatusPageBrowser {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path executable;

  private StatusPageBrowser(Path executable) {
    this.executable = executable;
  }

  static StatusPageBrowser find() {
    return new StatusPageBrowser(ChromiumProvisioner.forThisProcess().provision());
  }

  /** The page at {@code url} as Chromium serialises its DOM once loaded. */
  String dumpDom(String url) {
    return run(List.of("--dump-dom", url));
  }

  /** Saves a {@code width} x {@code height} screenshot of {@code url} as PNG to {@code file}. */
  void screenshot(String url, Path file, int width, int height) {
    run(List.of("--screenshot=" + file.toAbsolutePath(), "--window-size=" + width + "," + height,
      "--hide-scrollbars", url));
  }

  private String run(List<String> args) {
    Path profile = null;
    Process process = null;
    List<ProcessHandle> children = List.of();
    try {
      profile = Files.createTempDirectory("status-page-chromium");
      Path out = profile.resolve("stdout.txt");
      Path err = profile.resolve("stderr.txt");
      List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.resolve("profile")));
      command.addAll(args);
      // Outputs to files, not pipes: a browser blocked on a full pipe would only end at the timeout.
      process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      // Its helpers are noted while it runs: once it exits, they are no longer listed as its descendants.
      Set<ProcessHandle> seen = new HashSet<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      boolean exited = false;
      while (!exited && System.nanoTime() < deadline) {
        process.descendants().forEach(seen::add);
        exited = process.waitFor(100, TimeUnit.MILLISECONDS);
      }
      children = List.copyOf(seen);
      if (!exited) {
        throw new AssertionError("Chromium did not finish within " + TIMEOUT.toSeconds() + " s: " + args
          + "\n" + tail(err));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("Chromium exited with " + process.exitValue() + ": " + args + "\n" + tail(err));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while Chromium ran", e);
    } finally {
      if (process != null) {
        children = Stream.concat(children.stream(), process.descendants()).distinct().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
      }
      delete(profile);
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a profile left in the temp dir is harmless
    }
  }
}
