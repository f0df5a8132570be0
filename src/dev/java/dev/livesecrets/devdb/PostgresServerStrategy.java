package dev.livesecrets.devdb;

import java.util.Optional;

/** One way of getting a {@link PostgresServer}. {@link #tryStart()} blocks, possibly for a minute. */
public interface PostgresServerStrategy {

  String name();

  /**
   * @return a running server, or empty when this strategy cannot work here (nothing was attempted)
   * @throws Exception when it applies here but starting the server failed
   */
  Optional<PostgresServer> tryStart() throws Exception;

  /** Why {@link #tryStart()} returned empty, saying what would make it work. */
  String unavailableReason();
}
