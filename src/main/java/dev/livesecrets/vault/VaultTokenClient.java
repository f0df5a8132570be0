package dev.livesecrets.vault;

import dev.livesecrets.config.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;

/**
 * The token operations the service performs itself, beside the KV reads of the config store: look up,
 * renew and revoke its own token, log in with AppRole, unwrap a wrapped secret_id. Every failure is a
 * {@link VaultRequestException} naming operation, path and status only. Event loop of the owner.
 */
public final class VaultTokenClient {

  private static final String HEADER = "X-Vault-Token";

  private final WebClient client;
  private final String appRoleMount;

  public VaultTokenClient(WebClient client, String appRoleMount) {
    this.client = client;
    this.appRoleMount = appRoleMount;
  }

  public Future<TokenInfo> lookupSelf(VaultToken token) {
    String path = "/v1/auth/token/lookup-self";
    return client.get(path).putHeader(HEADER, token.value()).send()
      .transform(result -> body("token lookup", path, result))
      .map(body -> fromLookup(body.getJsonObject("data", new JsonObject())));
  }

  /** Renews the token, asking for {@code increment}; what comes back may be less (the max TTL caps it). */
  public Future<TokenInfo> renewSelf(VaultToken token, TokenInfo before, Duration increment) {
    String path = "/v1/auth/token/renew-self";
    return client.post(path).putHeader(HEADER, token.value())
      .sendJsonObject(new JsonObject().put("increment", increment.toSeconds() + "s"))
      .transform(result -> body("token renewal", path, result))
      .map(body -> {
        JsonObject auth = body.getJsonObject("auth", new JsonObject());
        return new TokenInfo(auth.getString("accessor", before.accessor()),
          Duration.ofSeconds(auth.getLong("lease_duration", 0L)), auth.getBoolean("renewable", false),
          before.period(), before.creationTtl());
      });
  }

  public Future<Login> loginAppRole(VaultToken roleId, VaultToken secretId) {
    String path = "/v1/auth/" + appRoleMount + "/login";
    return client.post(path)
      .sendJsonObject(new JsonObject().put("role_id", roleId.value()).put("secret_id", secretId.value()))
      .transform(result -> body("AppRole login", path, result))
      .map(body -> {
        JsonObject auth = body.getJsonObject("auth");
        if (auth == null || auth.getString("client_token") == null) {
          throw new VaultRequestException("AppRole login", path, "no token in the answer");
        }
        Duration ttl = Duration.ofSeconds(auth.getLong("lease_duration", 0L));
        return new Login(new VaultToken(auth.getString("client_token")),
          new TokenInfo(auth.getString("accessor", "unknown"), ttl, auth.getBoolean("renewable", false),
            Duration.ZERO, ttl));
      });
  }

  /** Unwraps a response-wrapping token holding a secret_id. A wrapping token works once only. */
  public Future<VaultToken> unwrapSecretId(VaultToken wrappingToken) {
    String path = "/v1/sys/wrapping/unwrap";
    return client.post(path).putHeader(HEADER, wrappingToken.value()).send()
      .transform(result -> body("secret_id unwrap", path, result))
      .map(body -> {
        String secretId = body.getJsonObject("data", new JsonObject()).getString("secret_id");
        if (secretId == null) {
          throw new VaultRequestException("secret_id unwrap", path, "the wrapped answer holds no secret_id");
        }
        return new VaultToken(secretId);
      });
  }

  public Future<Void> revokeSelf(VaultToken token) {
    String path = "/v1/auth/token/revoke-self";
    return client.post(path).putHeader(HEADER, token.value()).send()
      .transform(result -> body("token revocation", path, result))
      .mapEmpty();
  }

  private static Future<JsonObject> body(String operation, String path,
                                         io.vertx.core.AsyncResult<HttpResponse<Buffer>> result) {
    if (result.failed()) {
      return Future.failedFuture(new VaultRequestException(operation, path,
        "no answer (" + result.cause().getClass().getSimpleName() + ")"));
    }
    HttpResponse<Buffer> response = result.result();
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture(new VaultRequestException(operation, path, response.statusCode()));
    }
    Buffer body = response.body();
    return Future.succeededFuture(body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject());
  }

  private static TokenInfo fromLookup(JsonObject data) {
    return new TokenInfo(data.getString("accessor", "unknown"), Duration.ofSeconds(data.getLong("ttl", 0L)),
      data.getBoolean("renewable", false), Duration.ofSeconds(longOf(data.getValue("period"))),
      Duration.ofSeconds(data.getLong("creation_ttl", 0L)));
  }

  private static long longOf(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }
}
