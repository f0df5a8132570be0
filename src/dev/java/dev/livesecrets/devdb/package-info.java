/**
 * Finding or starting a local PostgreSQL server for dev mode ({@code ./mvnw -Pdev}) and the integration tests:
 * the server binaries of this machine (Debian's {@code postgresql} package, {@code /usr/lib/postgresql/N/bin}, or
 * {@code PG_BIN}), run as the {@code postgres} user when this JVM is root (PostgreSQL refuses to run as root, and
 * CI runs as root); the tests add Testcontainers' PostgreSQL module where Docker runs.
 *
 * <p>Like {@code devvault} it lives in {@code src/dev/java}, a test source root, so none of it reaches the
 * production jar.
 */
package dev.livesecrets.devdb;
