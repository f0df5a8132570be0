package dev.livesecrets.devdb;

import dev.livesecrets.devvault.CommandRunner;
import dev.livesecrets.devvault.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster this JVM made in a private temporary directory: {@code initdb} with a random superuser
 * password (TCP connections need it, scram-sha-256; the Unix socket in the work directory trusts the local user),
 * started with {@code pg_ctl} on a free loopback port, tuned for tests (no fsync), with one database for the
 * service. Stopped and deleted on {@link #close()} or at JVM exit, whichever comes first. Blocking; thread-safe.
 */
final class LocalPostgres implements PostgresServer {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final String ADMIN = "admin";
  private static final String DATABASE = "live_secrets";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path bin;
  private final String runAs;
  private final Path workDir;
  private final Path data;
  private final String password;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::close, "devdb-stop");
  private int port;
  private volatile boolean running;

  private LocalPostgres(Path bin, String runAs, Path workDir) {
    this.bin = bin;
    this.runAs = runAs;
    this.workDir = workDir;
    this.data = workDir.resolve("data");
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    this.password = "pg-" + HexFormat.of().formatHex(bytes);
  }

  /** Makes, starts and prepares a cluster with the binaries in {@code bin}, as {@code runAs} (null: this user). */
  static LocalPostgres start(Path bin, String runAs) throws IOException, InterruptedException, TimeoutException {
    Path workDir = Files.createTempDirectory("live-secrets-pg-",
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    LocalPostgres server = new LocalPostgres(bin, runAs, workDir);
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.initdb();
      server.startOnAFreePort();
      server.createDatabase();
      return server;
    } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void initdb() throws IOException, InterruptedException, TimeoutException {
    Path pwfile = workDir.resolve("pwfile");
    Files.writeString(pwfile, password);
    own(workDir);
    own(pwfile);
    try {
      run("initdb", List.of(path("initdb"), "-D", data.toString(), "-U", ADMIN, "--pwfile=" + pwfile,
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"));
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  private void startOnAFreePort() throws IOException, InterruptedException, TimeoutException {
    IOException last = null;
    // Another process may take the free port before the server binds it: try a few.
    for (int attempt = 0; attempt < 3; attempt++) {
      port = FreePorts.pick();
      try {
        pgCtlStart();
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  private void pgCtlStart() throws IOException, InterruptedException, TimeoutException {
    String options = "-p " + port + " -k " + workDir + " -h 127.0.0.1 -c fsync=off -c synchronous_commit=off "
      + "-c full_page_writes=off -c max_connections=200";
    run("pg_ctl start", List.of(path("pg_ctl"), "-D", data.toString(), "-l", workDir.resolve("postgres.log").toString(),
      "-o", options, "-w", "-t", "30", "start"));
    running = true;
  }

  private void createDatabase() throws IOException, InterruptedException, TimeoutException {
    // Over the Unix socket, which trusts the local user: no password on a command line.
    run("createdb", List.of(path("createdb"), "-h", workDir.toString(), "-p", Integer.toString(port), "-U", ADMIN,
      DATABASE));
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    try {
      run("pg_ctl stop", List.of(path("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
      running = false;
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("could not stop PostgreSQL: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL", e);
    }
  }

  @Override
  public synchronized void start() {
    if (running || closed.get()) {
      return;
    }
    try {
      pgCtlStart();
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("could not start PostgreSQL again on port " + port + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
    deleteRecursively(workDir);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself.
    }
  }

  /** Runs a PostgreSQL command (as the postgres user when root), its output to a log in the work directory. */
  private void run(String what, List<String> command) throws IOException, InterruptedException, TimeoutException {
    List<String> full = new ArrayList<>();
    if (runAs != null) {
      full.addAll(List.of("runuser", "-u", runAs, "--"));
    }
    full.addAll(command);
    Path log = workDir.resolve("commands.log");
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("PGPASSWORD");
    int exit = CommandRunner.run(builder, COMMAND_TIMEOUT);
    if (exit != 0) {
      throw new IOException(what + " exited with " + exit + ": " + tail(log) + tail(workDir.resolve("postgres.log")));
    }
  }

  private String path(String program) {
    return bin.resolve(program).toString();
  }

  /** Hands {@code file} to the user PostgreSQL runs as. */
  private void own(Path file) throws IOException {
    if (runAs == null) {
      return;
    }
    UserPrincipal user = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
    Files.setOwner(file, user);
  }

  private static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log);
      return " | " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {} ({})", dir, e.getMessage());
    }
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String database() {
    return DATABASE;
  }

  @Override
  public String adminUser() {
    return ADMIN;
  }

  @Override
  public String adminPassword() {
    return password;
  }

  @Override
  public java.util.Optional<Path> binaries() {
    return java.util.Optional.of(bin);
  }

  @Override
  public String description() {
    return "PostgreSQL from " + bin + " on 127.0.0.1:" + port + " (data in " + workDir + ")";
  }

  @Override
  public String toString() {
    return "LocalPostgres[" + description() + ", password=<redacted>]";
  }
}
