package dev.livesecrets.vault;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.livesecrets.config.AppRoleSettings;
import dev.livesecrets.config.VaultToken;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretIdSourceTest {

  private static final String ROLE_ID = "role-id-for-secret-id-source";
  private static final String SECRET_ID = "secret-id-7c2f9a41-0d3e";

  private static Vertx vertx;
  private static VaultTokenClient client;

  @TempDir
  Path dir;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    // Never called for unwrapped secret_ids; nothing listens on port 1.
    client = new VaultTokenClient(WebClient.create(vertx,
      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(1)), "approle");
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }

  @Test
  void plainFileGivesItsTrimmedContent() throws Exception {
    Path file = write("secret-id", "\n  " + SECRET_ID + " \n");
    SecretIdSource source = source(fileSettings(file, false));

    assertThat(secretIdOf(source).value()).isEqualTo(SECRET_ID);
  }

  @Test
  void unchangedFileGivesTheCachedValue() throws Exception {
    Path file = write("secret-id", SECRET_ID);
    SecretIdSource source = source(fileSettings(file, false));

    VaultToken first = secretIdOf(source);
    write("secret-id", SECRET_ID + "\n");
    VaultToken second = secretIdOf(source);

    assertThat(second).isSameAs(first);
  }

  @Test
  void changedFileGivesTheNewValue() throws Exception {
    Path file = write("secret-id", SECRET_ID);
    SecretIdSource source = source(fileSettings(file, false));
    assertThat(secretIdOf(source).value()).isEqualTo(SECRET_ID);

    write("secret-id", "secret-id-written-by-the-agent");

    assertThat(secretIdOf(source).value()).isEqualTo("secret-id-written-by-the-agent");
  }

  @Test
  void fileChangedBackToAnEarlierValueGivesThatValue() throws Exception {
    Path file = write("secret-id", SECRET_ID);
    SecretIdSource source = source(fileSettings(file, false));
    secretIdOf(source);
    write("secret-id", "second-secret-id");
    secretIdOf(source);

    write("secret-id", SECRET_ID);

    assertThat(secretIdOf(source).value()).isEqualTo(SECRET_ID);
  }

  @Test
  void fileRemovedAfterAReadKeepsGivingTheLastValue() throws Exception {
    Path file = write("secret-id", SECRET_ID);
    SecretIdSource source = source(fileSettings(file, false));
    VaultToken first = secretIdOf(source);

    Files.delete(file);

    assertThat(secretIdOf(source)).isSameAs(first);
  }

  @Test
  void fileEmptiedAfterAReadKeepsGivingTheLastValue() throws Exception {
    Path file = write("secret-id", SECRET_ID);
    SecretIdSource source = source(fileSettings(file, false));
    secretIdOf(source);

    write("secret-id", "  \n");

    assertThat(secretIdOf(source).value()).isEqualTo(SECRET_ID);
  }

  @Test
  void fileIsKeptWhenDeletionIsNotAsked() throws Exception {
    Path file = write("secret-id", SECRET_ID);

    secretIdOf(source(fileSettings(file, false)));

    assertThat(file).exists();
  }

  @Test
  void fileToDeleteIsGoneAfterTheFirstReadAndItsValueIsKept() throws Exception {
    Path file = write("secret-id", SECRET_ID);
    SecretIdSource source = source(fileSettings(file, true));

    VaultToken first = secretIdOf(source);

    assertThat(first.value()).isEqualTo(SECRET_ID);
    assertThat(file).doesNotExist();
    assertThat(secretIdOf(source)).isSameAs(first);
    assertThat(secretIdOf(source)).isSameAs(first);
  }

  @Test
  void fileToDeleteThatIsWrittenAgainGivesTheNewValueAndIsDeletedAgain() throws Exception {
    Path file = write("secret-id", SECRET_ID);
    SecretIdSource source = source(fileSettings(file, true));
    secretIdOf(source);

    write("secret-id", "secret-id-delivered-again");

    assertThat(secretIdOf(source).value()).isEqualTo("secret-id-delivered-again");
    assertThat(file).doesNotExist();
  }

  @Test
  void missingFileWithNothingReadBeforeFailsNamingTheSetting() {
    Path file = dir.resolve("never-written");

    Throwable failure = failureOf(source(fileSettings(file, false)));

    assertThat(failure).isInstanceOf(VaultRequestException.class)
      .hasMessageContaining("VAULT_SECRET_ID_FILE")
      .hasMessageContaining(file.toString())
      .hasMessageContaining("no secret_id was read before");
    assertThat(((VaultRequestException) failure).failureCause()).isEqualTo(FailureCause.SOURCE_UNREADABLE);
  }

  @Test
  void emptyFileWithNothingReadBeforeFailsNamingTheSetting() throws Exception {
    Path file = write("secret-id", " \n");

    Throwable failure = failureOf(source(fileSettings(file, false)));

    assertThat(failure).isInstanceOf(VaultRequestException.class).hasMessageContaining("VAULT_SECRET_ID_FILE");
  }

  @Test
  void fileWrittenAfterAFailedReadIsRead() throws Exception {
    Path file = dir.resolve("secret-id");
    SecretIdSource source = source(fileSettings(file, false));
    failureOf(source);

    write("secret-id", SECRET_ID);

    assertThat(secretIdOf(source).value()).isEqualTo(SECRET_ID);
  }

  @Test
  void secretIdFromTheEnvironmentIsGivenWhenThereIsNoFile() throws Exception {
    VaultToken fromEnv = new VaultToken(SECRET_ID);
    SecretIdSource source = source(new AppRoleSettings("approle", new VaultToken(ROLE_ID), null, fromEnv, false,
      false));

    assertThat(secretIdOf(source)).isSameAs(fromEnv);
    assertThat(secretIdOf(source)).isSameAs(fromEnv);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static AppRoleSettings fileSettings(Path file, boolean delete) {
    return new AppRoleSettings("approle", new VaultToken(ROLE_ID), file, null, false, delete);
  }

  private static SecretIdSource source(AppRoleSettings settings) {
    return new SecretIdSource(vertx, settings, client);
  }

  /** Asks on an event-loop context, as the token lifecycle does, and waits on the test thread. */
  private static Future<VaultToken> ask(SecretIdSource source) {
    Context context = vertx.getOrCreateContext();
    Promise<VaultToken> promise = Promise.promise();
    context.runOnContext(v -> source.secretId().onComplete(promise));
    return promise.future();
  }

  private static VaultToken secretIdOf(SecretIdSource source) throws Exception {
    return ask(source).toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }

  private static Throwable failureOf(SecretIdSource source) {
    Throwable thrown = catchThrowable(() -> secretIdOf(source));
    assertThat(thrown).as("a failed secretId()").isInstanceOf(ExecutionException.class);
    return thrown.getCause();
  }
}
