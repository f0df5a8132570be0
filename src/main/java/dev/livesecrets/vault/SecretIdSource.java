package dev.livesecrets.vault;

import dev.livesecrets.config.AppRoleSettings;
import dev.livesecrets.config.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Supplies the AppRole secret_id for each login. The file is read when its content changes (an agent
 * may write a new one), unwrapped once when it holds a wrapping token, and deleted after reading when
 * asked to; the secret_id is then kept in memory for later re-logins, since a wrapping token works only
 * once and a deleted file cannot be read again. File work runs on a worker; the rest on the owner's
 * event loop.
 */
final class SecretIdSource {

  private static final Logger LOG = LoggerFactory.getLogger(SecretIdSource.class);

  private final Vertx vertx;
  private final AppRoleSettings settings;
  private final VaultTokenClient client;
  private String lastFileContent;
  private VaultToken secretId;

  SecretIdSource(Vertx vertx, AppRoleSettings settings, VaultTokenClient client) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = client;
  }

  Future<VaultToken> secretId() {
    if (settings.secretIdFile() == null) {
      return Future.succeededFuture(settings.secretIdFromEnv());
    }
    return vertx.executeBlocking(this::readFileIfPresent, false)
      .recover(unreadable -> Future.failedFuture(fileProblem("cannot read it ("
        + unreadable.getClass().getSimpleName() + ")")))
      .compose(this::fromFile);
  }

  private Future<VaultToken> fromFile(String content) {
    if (content == null || content.equals(lastFileContent)) {
      return secretId != null ? Future.succeededFuture(secretId)
        : Future.failedFuture(fileProblem("the file is gone or empty and no secret_id was read before"));
    }
    lastFileContent = content;
    Future<VaultToken> fresh = settings.wrapped()
      ? client.unwrapSecretId(new VaultToken(content)).recover(failure -> Future.failedFuture(refusedWrapping(failure)))
      : Future.succeededFuture(new VaultToken(content));
    return fresh.onSuccess(value -> {
      secretId = value;
      LOG.info("read a new secret_id from {}{}", settings.secretIdFile(), settings.wrapped() ? " (unwrapped)" : "");
    });
  }

  private VaultRequestException fileProblem(String problem) {
    return new VaultRequestException(VaultFailure.of(FailureCause.SOURCE_UNREADABLE, problem)
      .at("reading VAULT_SECRET_ID_FILE", settings.secretIdFile().toString()));
  }

  /** The unwrap's own failure (cause, status, path), told as the wrapping token in the file being refused. */
  private static VaultRequestException refusedWrapping(Throwable failure) {
    VaultFailure unwrap = VaultFailures.classify(failure);
    return new VaultRequestException(new VaultFailure(unwrap.cause(), unwrap.status(), unwrap.operation(),
      unwrap.path(), "VAULT_SECRET_ID_FILE holds a wrapping token that Vault refused (already unwrapped, expired, "
        + "or not a wrapping token): " + unwrap.problem()));
  }

  private String readFileIfPresent() throws IOException {
    if (!Files.exists(settings.secretIdFile())) {
      return null;
    }
    String content = Files.readString(settings.secretIdFile()).trim();
    if (settings.deleteSecretIdFile()) {
      Files.deleteIfExists(settings.secretIdFile());
    }
    return content.isEmpty() ? null : content;
  }
}
