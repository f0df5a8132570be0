package dev.livesecrets.support;

import dev.livesecrets.credentials.CredentialsAddresses;
import dev.livesecrets.credentials.DbCredentials;
import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devvault.VaultServer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vault's database engine for one test, set up with the operator's own script
 * ({@code infrastructure/vault/setup-database.sh}) on a role and connection of its own, against the run's
 * PostgreSQL; an admin pool to look at {@code pg_roles} and the notes; the leases listed and revoked with the Vault
 * CLI; and a watcher of the credentials the service publishes, whose passwords go to the leak guard. Test threads
 * only, except the watcher (the event loop).
 */
public final class DatabaseFixture implements AutoCloseable {

  private static final Path SCRIPT = Path.of("infrastructure", "vault", "setup-database.sh");

  /** A published generation as the watcher saw it. */
  public record Seen(long generation, String user, Instant at) {
  }

  private final VaultServer vault;
  private final PostgresServer postgres;
  private final String role = "it-db-" + SecretValues.hex(4);
  private final Pool admin;
  private final List<Seen> generations = new CopyOnWriteArrayList<>();
  private MessageConsumer<DbCredentials> watcher;

  public DatabaseFixture(Vertx vertx, VaultServer vault, PostgresServer postgres) {
    this.vault = vault;
    this.postgres = postgres;
    this.admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
        .setDatabase(postgres.database()).setUser(postgres.adminUser()).setPassword(postgres.adminPassword()))
      .using(vertx).build();
  }

  /** Runs the script with {@code DB_DEFAULT_TTL} and {@code DB_MAX_TTL}; answers what it printed. */
  public String setUp(String defaultTtl, String maxTtl) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_ADDR", vault.address());
    env.put("VAULT_TOKEN", vault.token());
    env.put("VAULT_CLI", VaultCli.path().toString());
    env.put("VAULT_DB_ROLE", role);
    env.put("VAULT_DB_CONNECTION", role);
    env.put("DB_HOST", postgres.host());
    env.put("DB_PORT", Integer.toString(postgres.port()));
    env.put("DB_NAME", postgres.database());
    env.put("DB_ADMIN_USER", postgres.adminUser());
    env.put("DB_ADMIN_PASSWORD", postgres.adminPassword());
    env.put("DB_SSLMODE", "disable");
    env.put("DB_DEFAULT_TTL", defaultTtl);
    env.put("DB_MAX_TTL", maxTtl);
    VaultCli.Result result = VaultCli.run(env, null, List.of("bash", SCRIPT.toString()));
    assertThat(result.exitCode()).as("setup-database.sh output:%n%s", result.output()).isZero();
    return result.output();
  }

  public String role() {
    return role;
  }

  /** The service's settings for leased credentials of this role, with {@code overrides} on top. */
  public Map<String, String> serviceSettings(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put("DB_ENABLED", "true");
    settings.put("DB_CREDENTIALS", "vault");
    settings.put("VAULT_DB_ROLE", role);
    settings.put("DB_HOST", postgres.host());
    settings.put("DB_PORT", Integer.toString(postgres.port()));
    settings.put("DB_NAME", postgres.database());
    settings.putAll(overrides);
    return settings;
  }

  /** Watches the credentials published on {@code vertx}: call before the service is deployed. */
  public void watch(Vertx vertx) {
    watcher = vertx.eventBus().localConsumer(CredentialsAddresses.CREDENTIALS, message -> {
      DbCredentials credentials = message.body();
      LeakGuard.suite().register(credentials.password(), "a database password Vault generated");
      if (generations.stream().noneMatch(seen -> seen.generation() == credentials.generation())) {
        generations.add(new Seen(credentials.generation(), credentials.user(), Instant.now()));
      }
    });
    Await.result(watcher.completion());
  }

  /** The generations published so far, in order. */
  public List<Seen> generations() {
    return List.copyOf(generations);
  }

  /** Database users that exist now, among those the watcher saw. */
  public Set<String> existingUsers() {
    List<String> users = generations.stream().map(Seen::user).toList();
    if (users.isEmpty()) {
      return Set.of();
    }
    Set<String> found = new HashSet<>();
    for (Row row : Await.result(admin.preparedQuery("SELECT rolname FROM pg_roles WHERE rolname = ANY($1)")
      .execute(Tuple.of(users.toArray(new String[0]))))) {
      found.add(row.getString("rolname"));
    }
    return found;
  }

  /** Runs {@code sql} as the superuser (test set-up: a static user, say). */
  public void execute(String sql) {
    Await.result(admin.query(sql).execute());
  }

  /** How many notes hold {@code marker}, counted as the superuser. */
  public long notesContaining(String marker) {
    return Await.result(admin.preparedQuery("SELECT count(*) AS n FROM live_secrets.notes WHERE text LIKE $1")
      .execute(Tuple.of("%" + marker + "%"))).iterator().next().getLong("n");
  }

  /** The ids of this role's leases that Vault holds now (as the root token sees them). */
  public List<String> leaseIds() {
    String prefix = "database/creds/" + role + "/";
    VaultCli.Result result = VaultCli.run(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.token()), null,
      List.of(VaultCli.path().toString(), "list", "-format=json", "sys/leases/lookup/" + prefix));
    if (result.exitCode() != 0) {
      return List.of(); // none left: the list is a 404
    }
    List<String> ids = new ArrayList<>();
    new JsonArray(result.output().trim()).forEach(id -> ids.add(prefix + id));
    ids.forEach(id -> LeakGuard.suite().register(id, "a database lease id"));
    return ids;
  }

  /** Revokes a lease the way an operator would: {@code bao lease revoke <id>}. */
  public void revoke(String leaseId) {
    VaultCli.Result result = VaultCli.run(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.token()), null,
      List.of(VaultCli.path().toString(), "lease", "revoke", leaseId));
    assertThat(result.exitCode()).as("lease revoke: %s", result.output()).isZero();
  }

  @Override
  public void close() {
    if (watcher != null) {
      Await.result(watcher.unregister());
    }
    Await.result(admin.close());
  }

  /** For a JSON answer listing notes: their texts. */
  public static List<String> texts(JsonObject notes) {
    List<String> texts = new ArrayList<>();
    notes.getJsonArray("notes").forEach(note -> texts.add(((JsonObject) note).getString("text")));
    return texts;
  }
}
