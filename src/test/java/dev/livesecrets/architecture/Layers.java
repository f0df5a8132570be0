package dev.livesecrets.architecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The service's layers, each allowed to use only the layers below it:
 * {@code config, events, web <- lease <- vault <- (credentials, certificates) <- secrets <- (cluster, auth, observe,
 * database) <- http <- application}. {@code cluster} carries the fleet's refresh signal between processes. {@code lease} is the pure lease lifecycle; {@code credentials} owns the database credentials
 * (leased from Vault or static) below the secrets verticle that hosts them, and {@code certificates} the
 * service's own HTTPS certificate beside it; {@code database} is the pool and the
 * notes repository the HTTP verticles use; {@code events} the event contract and its publisher;
 * {@code web} the JSON answers both {@code auth} and {@code http} write. The HTTP layer sees the secrets
 * verticle's status and snapshots, never the Vault client. Built over a root package, so the rules can
 * be checked against a fixture that breaks them.
 */
final class Layers {

  private Layers() {
  }

  static ArchRule layered(String root) {
    return Architectures.layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("Application").definedBy(root)
      .layer("Http").definedBy(root + ".http..")
      .layer("Cluster").definedBy(root + ".cluster..")
      .layer("Auth").definedBy(root + ".auth..")
      .layer("Observe").definedBy(root + ".observe..")
      .layer("Database").definedBy(root + ".database..")
      .layer("Secrets").definedBy(root + ".secrets..")
      .layer("Credentials").definedBy(root + ".credentials..")
      .layer("Certificates").definedBy(root + ".certificates..")
      .layer("Vault").definedBy(root + ".vault..")
      .layer("Lease").definedBy(root + ".lease..")
      .layer("Events").definedBy(root + ".events..")
      .layer("Web").definedBy(root + ".web..")
      .layer("Config").definedBy(root + ".config..")
      .whereLayer("Application").mayNotBeAccessedByAnyLayer()
      .whereLayer("Http").mayOnlyBeAccessedByLayers("Application")
      .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Http", "Application")
      .whereLayer("Auth").mayOnlyBeAccessedByLayers("Http", "Application")
      .whereLayer("Observe").mayOnlyBeAccessedByLayers("Http", "Application")
      .whereLayer("Database").mayOnlyBeAccessedByLayers("Http", "Application")
      .whereLayer("Secrets").mayOnlyBeAccessedByLayers("Cluster", "Auth", "Observe", "Database", "Http", "Application")
      .whereLayer("Credentials").mayOnlyBeAccessedByLayers("Secrets", "Auth", "Observe", "Database", "Http",
        "Application")
      .whereLayer("Certificates").mayOnlyBeAccessedByLayers("Secrets", "Auth", "Observe", "Database", "Http",
        "Application")
      .whereLayer("Vault").mayOnlyBeAccessedByLayers("Credentials", "Certificates", "Secrets", "Cluster", "Observe",
        "Application")
      .whereLayer("Lease").mayOnlyBeAccessedByLayers("Vault", "Credentials", "Certificates", "Secrets", "Cluster", "Auth",
        "Observe", "Database", "Http", "Application")
      .whereLayer("Web").mayOnlyBeAccessedByLayers("Auth", "Http", "Application")
      .whereLayer("Events").mayOnlyBeAccessedByLayers("Vault", "Credentials", "Certificates", "Secrets", "Cluster", "Auth", "Observe",
        "Database", "Http", "Application")
      .whereLayer("Config").mayOnlyBeAccessedByLayers("Lease", "Vault", "Credentials", "Certificates", "Secrets", "Cluster", "Auth", "Observe",
        "Database", "Http", "Application")
      .because("layers point down only: a lower layer never knows the ones built on it");
  }

  static ArchRule freeOfCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }
}
