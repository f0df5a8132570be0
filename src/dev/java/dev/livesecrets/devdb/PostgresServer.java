package dev.livesecrets.devdb;

/**
 * A PostgreSQL server that dev mode or the tests can use, with a superuser that Vault's database engine connects
 * as. Implementations never show the password in {@code toString()} or {@link #description()}. {@link #close()}
 * blocks while the server stops; call it off any Vert.x event loop.
 */
public interface PostgresServer extends AutoCloseable {

  /** The host to connect to, such as {@code 127.0.0.1}. */
  String host();

  int port();

  /** A database that exists, for the service's notes. */
  String database();

  /** The superuser's name. */
  String adminUser();

  /** The superuser's password. Never log it. */
  String adminPassword();

  /** The directory of this server's client programs ({@code psql}), when they are on this machine. */
  default java.util.Optional<java.nio.file.Path> binaries() {
    return java.util.Optional.empty();
  }

  /** What this server is and where it came from, for people; never the password. */
  String description();

  /** Stops the server until {@link #start()}, keeping its data, to test a database outage. Blocking. */
  void stop();

  /** Starts a server {@link #stop() stopped} before, on the same port. Blocking. */
  void start();

  /** Stops the server for good and removes what this JVM made for it. Safe to call more than once. */
  @Override
  void close();
}
