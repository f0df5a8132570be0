package dev.livesecrets.support;

import dev.livesecrets.devvault.CommandRunner;
import dev.livesecrets.devvault.ExecutableFinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Finds a Chromium for the tests that check a page in a real browser, and installs Debian's {@code chromium}
 * package when there is none and this process may: as root, with {@code apt-get} on the {@code PATH} (a CI
 * container, a fresh dev box), the way dev mode and the tests provision OpenBao. Otherwise the test fails with a
 * message saying how to get one; it is never skipped.
 *
 * <p>Looks at {@code CHROMIUM_BIN} first (which then must be executable), then for {@code chromium}, {@code chromium-browser} or
 * {@code google-chrome} on the {@code PATH}. Installs at most once per provisioner, printing one line when it does, with the output of
 * {@code apt-get} in a log file. Blocking (an install can take minutes); test threads only.
 */
public final class ChromiumProvisioner {

  /** Names the Chromium or Chrome binary to use, as {@code VAULT_BIN} does for the Vault CLI. */
  public static final String BIN_VARIABLE = "CHROMIUM_BIN";
  static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
  static final String MANUAL_INSTALL = "install it with `sudo apt-get install chromium` (Debian, Ubuntu), or set "
    + BIN_VARIABLE + " to a Chromium or Chrome binary";

  private static final String NAMES_TEXT = "chromium, chromium-browser or google-chrome";
  private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final ChromiumProvisioner THIS_PROCESS = new ChromiumProvisioner(System.getenv(), runsAsRoot(),
    CommandRunner::run, Path.of("target", "chromium-install.log"), System.out::println);

  /** How a command is run: {@link CommandRunner#run} for real, a recorder in unit tests. */
  interface Runner {
    int run(ProcessBuilder command, Duration timeout) throws IOException, InterruptedException, TimeoutException;
  }

  private final Map<String, String> env;
  private final boolean root;
  private final Runner runner;
  private final Path log;
  private final Consumer<String> say;
  private String installFailure;

  ChromiumProvisioner(Map<String, String> env, boolean root, Runner runner, Path log, Consumer<String> say) {
    this.env = Map.copyOf(env);
    this.root = root;
    this.runner = runner;
    this.log = log.toAbsolutePath();
    this.say = say;
  }

  /** The provisioner of this JVM, over its environment: one install at most for the whole test run. */
  public static ChromiumProvisioner forThisProcess() {
    return THIS_PROCESS;
  }

  /** The Chromium to run: found, or installed now; fails the calling test when neither is possible. */
  public synchronized Path provision() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    String missing = "no Chromium: " + BIN_VARIABLE + " is not set and none of " + NAMES_TEXT + " is on PATH";
    if (installFailure != null) {
      throw new AssertionError(missing + "; installing it failed earlier in this run: " + installFailure);
    }
    if (!root) {
      throw new AssertionError(missing + ", and this process is not root, so it cannot install it; "
        + MANUAL_INSTALL);
    }
    Optional<Path> aptGet = ExecutableFinder.onPath("apt-get", env);
    if (aptGet.isEmpty()) {
      throw new AssertionError(missing + ", and apt-get is not on PATH, so it cannot be installed here; "
        + MANUAL_INSTALL);
    }
    try {
      install(aptGet.get());
    } catch (AssertionError e) {
      installFailure = e.getMessage();
      throw e;
    }
    return find().orElseThrow(() -> {
      installFailure = "apt-get installed chromium but none of " + NAMES_TEXT + " is on PATH; see " + log;
      return new AssertionError(installFailure);
    });
  }

  /** {@code CHROMIUM_BIN} when set (failing if it is not executable), else the first of {@link #NAMES} on PATH. */
  Optional<Path> find() {
    String configured = env.getOrDefault(BIN_VARIABLE, "").strip();
    if (!configured.isEmpty()) {
      Path path = Path.of(configured);
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new AssertionError(BIN_VARIABLE + "=" + configured + " is not an executable file; point it at a"
          + " Chromium or Chrome binary, or unset it to use " + NAMES_TEXT + " from PATH");
      }
      return Optional.of(path);
    }
    return NAMES.stream().map(name -> ExecutableFinder.onPath(name, env)).flatMap(Optional::stream).findFirst();
  }

  private void install(Path aptGet) {
    say.accept("No Chromium found: installing Debian's chromium with apt-get (root, once per run; log: " + log + ")");
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new AssertionError("cannot write " + log + " (" + e.getMessage() + "); " + MANUAL_INSTALL, e);
    }
    run(List.of(aptGet.toString(), "update", "-qq"), UPDATE_TIMEOUT);
    // Waits for another apt or dpkg (unattended upgrades, a second build) instead of failing on its lock.
    run(List.of(aptGet.toString(), "install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=120", "chromium"),
      INSTALL_TIMEOUT);
  }

  private void run(List<String> command, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command)
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    int exit;
    try {
      exit = runner.run(builder, timeout);
    } catch (TimeoutException e) {
      throw new AssertionError(e.getMessage() + "; see " + log + "; " + MANUAL_INSTALL, e);
    } catch (IOException e) {
      throw new AssertionError("cannot run `" + String.join(" ", command) + "` (" + e.getMessage() + "); "
        + MANUAL_INSTALL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while installing chromium", e);
    }
    if (exit != 0) {
      throw new AssertionError("`" + String.join(" ", command) + "` exited with code " + exit + "; see " + log
        + "; " + MANUAL_INSTALL);
    }
  }

  /** Whether this process runs as uid 0 (checked through the JDK, not the user's name). */
  private static boolean runsAsRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (LinkageError | RuntimeException notUnix) {
      return false;
    }
  }
}
