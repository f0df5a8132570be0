package dev.livesecrets.vault;

import dev.livesecrets.config.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;

/**
 * The Vault calls of dynamic database credentials: read new ones from {@code <mount>/creds/<role>}, renew their
 * lease through {@code sys/leases/renew}, revoke it through {@code sys/leases/revoke}. One request each, never one
 * per database connection. Every failure is a {@link VaultRequestException} naming operation, path, status and
 * cause (read the same way as the token's calls, {@link VaultTokenClient}), never the body (which holds the
 * password) nor the lease id. Event loop of the owner.
 */
public final class DatabaseLeaseClient {

  private static final String HEADER = "X-Vault-Token";
  private static final String RENEW = "/v1/sys/leases/renew";
  private static final String REVOKE = "/v1/sys/leases/revoke";

  private final WebClient client;
  private final String credsPath;

  /** @param credsPath the API path of the credentials, such as {@code database/creds/live-secrets} */
  public DatabaseLeaseClient(WebClient client, String credsPath) {
    this.client = client;
    this.credsPath = "/v1/" + credsPath;
  }

  public Future<IssuedCredentials> issue(VaultToken token) {
    String operation = "database credentials read";
    return VaultTokenClient.answer(operation, credsPath, client.get(credsPath).putHeader(HEADER, token.value()).send(),
      body -> {
        JsonObject data = body.getJsonObject("data", new JsonObject());
        String leaseId = body.getString("lease_id");
        String user = data.getString("username");
        String password = data.getString("password");
        if (leaseId == null || leaseId.isEmpty() || user == null || password == null) {
          throw new VaultRequestException(operation, credsPath, FailureCause.BAD_ANSWER,
            "the answer holds no lease, username or password");
        }
        return new IssuedCredentials(leaseId, user, password, Duration.ofSeconds(body.getLong("lease_duration", 0L)),
          body.getBoolean("renewable", false));
      });
  }

  /** Renews the lease asking for {@code increment}; answers what was granted (less when the max TTL cuts it). */
  public Future<Duration> renew(VaultToken token, String leaseId, Duration increment) {
    return VaultTokenClient.answer("database lease renewal", RENEW, client.put(RENEW).putHeader(HEADER, token.value())
        .sendJsonObject(new JsonObject().put("lease_id", leaseId).put("increment", increment.toSeconds())),
      body -> Duration.ofSeconds(body.getLong("lease_duration", 0L)));
  }

  public Future<Void> revoke(VaultToken token, String leaseId) {
    return VaultTokenClient.answer("database lease revocation", REVOKE, client.put(REVOKE)
      .putHeader(HEADER, token.value()).sendJsonObject(new JsonObject().put("lease_id", leaseId)), body -> null);
  }
}
