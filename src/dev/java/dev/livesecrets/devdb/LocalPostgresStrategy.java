package dev.livesecrets.devdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster from this machine's server binaries: {@code PG_BIN}, else the directory of
 * {@code pg_ctl} on {@code PATH}, else the newest {@code /usr/lib/postgresql/<version>/bin} (Debian's layout). As
 * root it runs them as the {@code postgres} user through {@code runuser}, since PostgreSQL refuses to run as root.
 */
public final class LocalPostgresStrategy implements PostgresServerStrategy {

  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private final Map<String, String> env;
  private String reason = "not tried";

  public LocalPostgresStrategy(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public String name() {
    return "local-binaries";
  }

  @Override
  public Optional<PostgresServer> tryStart() throws Exception {
    Optional<Path> bin = binaries();
    if (bin.isEmpty()) {
      reason = "no initdb, pg_ctl and createdb in PG_BIN, on PATH or in " + DEBIAN_ROOT + "/<version>/bin";
      return Optional.empty();
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root && !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
      reason = "running as root, and there is no runuser to run PostgreSQL as the postgres user";
      return Optional.empty();
    }
    return Optional.of(LocalPostgres.start(bin.get(), root ? "postgres" : null));
  }

  @Override
  public String unavailableReason() {
    return reason;
  }

  /** Where initdb and pg_ctl are, if anywhere. */
  Optional<Path> binaries() throws IOException {
    String named = env.get("PG_BIN");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named)).filter(LocalPostgresStrategy::holdsServer);
    }
    for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path pgCtl = dir.isBlank() ? null : Path.of(dir, "pg_ctl");
      if (pgCtl != null && Files.isExecutable(pgCtl)) {
        // Often a link into the real bin directory, which holds createdb too.
        Path real = pgCtl.toRealPath().getParent();
        if (holdsServer(real)) {
          return Optional.of(real);
        }
      }
    }
    if (!Files.isDirectory(DEBIAN_ROOT)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
      List<Path> found = versions.map(v -> v.resolve("bin")).filter(LocalPostgresStrategy::holdsServer)
        .sorted(Comparator.comparing(LocalPostgresStrategy::majorVersion).reversed()).toList();
      return found.stream().findFirst();
    }
  }

  private static boolean holdsServer(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))
      && Files.isExecutable(dir.resolve("createdb"));
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
