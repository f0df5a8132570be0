package dev.livesecrets.vault;

import dev.livesecrets.config.JwtLoginSettings;
import dev.livesecrets.config.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;

/**
 * A JWT or Kubernetes login with the token in VAULT_AUTH_JWT_FILE, read again at every login: the kubelet
 * rewrites a projected service-account token well before it expires, so the one read at start-up would be
 * refused later. The token is held only for the login's request. File reads run on a worker.
 */
final class JwtFileLogin implements LoginMethod {

  private static final Logger LOG = LoggerFactory.getLogger(JwtFileLogin.class);
  private static final String SETTING = "VAULT_AUTH_JWT_FILE";

  private final Vertx vertx;
  private final String method;
  private final JwtLoginSettings settings;
  private final VaultTokenClient client;
  private volatile FileTime lastModified; // of the file at the last login, to say when a new token was picked up

  JwtFileLogin(Vertx vertx, String method, JwtLoginSettings settings, VaultTokenClient client) {
    this.vertx = vertx;
    this.method = method;
    this.settings = settings;
    this.client = client;
  }

  @Override
  public Future<Login> login() {
    return vertx.executeBlocking(this::readToken, false)
      .recover(unreadable -> Future.failedFuture(unreadable instanceof VaultRequestException ? unreadable
        : fileProblem(unreadable instanceof NoSuchFileException ? "the file is gone"
          : "cannot read it (" + unreadable.getClass().getSimpleName() + ")")))
      .compose(jwt -> client.loginJwt(method, settings.mount(), settings.role(), jwt));
  }

  private VaultToken readToken() throws IOException {
    FileTime modified = Files.getLastModifiedTime(settings.jwtFile());
    String content = Files.readString(settings.jwtFile()).trim();
    if (content.isEmpty()) {
      throw fileProblem("the file is empty");
    }
    // Three base64url parts: anything else is no JWT, and Vault's refusal would only say "malformed".
    if (!content.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
      throw fileProblem("the file does not hold a JWT (three base64url parts separated by '.')");
    }
    if (lastModified != null && !modified.equals(lastModified)) {
      LOG.info("{} login with a new token from {} (the file changed since the last login)", method,
        settings.jwtFile());
    }
    lastModified = modified;
    return new VaultToken(content);
  }

  private VaultRequestException fileProblem(String problem) {
    return new VaultRequestException(VaultFailure.of(FailureCause.SOURCE_UNREADABLE, problem)
      .at("reading " + SETTING, settings.jwtFile().toString()));
  }
}
