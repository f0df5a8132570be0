package dev.livesecrets.vault;

import dev.livesecrets.config.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The token operations the service performs itself, beside the KV reads of the config store: look up,
 * renew and revoke its own token, log in (AppRole, JWT, Kubernetes), unwrap a wrapped secret_id. Every failure is a
 * {@link VaultRequestException} naming operation, path, status and cause, never an exception message or a
 * body: a garbled answer is "answer is not JSON", not the decoder's quote of it. Event loop of the owner.
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
    return answer("token lookup", path, client.get(path).putHeader(HEADER, token.value()).send(),
      body -> fromLookup(body.getJsonObject("data", new JsonObject())));
  }

  /** Renews the token, asking for {@code increment}; what comes back may be less (the max TTL caps it). */
  public Future<TokenInfo> renewSelf(VaultToken token, TokenInfo before, Duration increment) {
    String path = "/v1/auth/token/renew-self";
    return answer("token renewal", path, client.post(path).putHeader(HEADER, token.value())
      .sendJsonObject(new JsonObject().put("increment", increment.toSeconds() + "s")), body -> {
        JsonObject auth = body.getJsonObject("auth", new JsonObject());
        return new TokenInfo(auth.getString("accessor", before.accessor()),
          Duration.ofSeconds(auth.getLong("lease_duration", 0L)), auth.getBoolean("renewable", false),
          before.period(), before.creationTtl());
      });
  }

  public Future<Login> loginAppRole(VaultToken roleId, VaultToken secretId) {
    String path = "/v1/auth/" + appRoleMount + "/login";
    return answer("AppRole login", path, client.post(path)
      .sendJsonObject(new JsonObject().put("role_id", roleId.value()).put("secret_id", secretId.value())),
      body -> login("AppRole login", path, body));
  }

  /**
   * Logs in with a JSON Web Token at {@code auth/mount} as {@code role}: Vault's {@code jwt} and {@code kubernetes}
   * auth methods take the same request. A refusal says which role, and which claim or binding did not match.
   */
  public Future<Login> loginJwt(String method, String mount, String role, VaultToken jwt) {
    String operation = method + " login";
    String path = "/v1/auth/" + mount + "/login";
    return answer(operation, path, client.post(path)
        .sendJsonObject(new JsonObject().put("role", role).put("jwt", jwt.value())),
      (status, body) -> LoginRefusals.explain(method, mount, role, status, body),
      body -> login(operation, path, body));
  }

  private static Login login(String operation, String path, JsonObject body) {
    JsonObject auth = body.getJsonObject("auth");
    if (auth == null || auth.getString("client_token") == null) {
      throw new VaultRequestException(operation, path, FailureCause.BAD_ANSWER, "no token in the answer");
    }
    Duration ttl = Duration.ofSeconds(auth.getLong("lease_duration", 0L));
    return new Login(new VaultToken(auth.getString("client_token")),
      new TokenInfo(auth.getString("accessor", "unknown"), ttl, auth.getBoolean("renewable", false),
        Duration.ZERO, ttl));
  }

  /** Unwraps a response-wrapping token holding a secret_id. A wrapping token works once only. */
  public Future<VaultToken> unwrapSecretId(VaultToken wrappingToken) {
    String operation = "secret_id unwrap";
    String path = "/v1/sys/wrapping/unwrap";
    return answer(operation, path, client.post(path).putHeader(HEADER, wrappingToken.value()).send(), body -> {
      String secretId = body.getJsonObject("data", new JsonObject()).getString("secret_id");
      if (secretId == null) {
        throw new VaultRequestException(operation, path, FailureCause.BAD_ANSWER,
          "the wrapped answer holds no secret_id");
      }
      return new VaultToken(secretId);
    });
  }

  public Future<Void> revokeSelf(VaultToken token) {
    String path = "/v1/auth/token/revoke-self";
    return answer("token revocation", path, client.post(path).putHeader(HEADER, token.value()).send(),
      body -> null);
  }

  /**
   * The answer to {@code sent}, read by {@code read}; every failure becomes a {@link VaultRequestException}
   * naming {@code operation} and {@code path}: no answer (classified), an HTTP error, an answer that is not a
   * JSON object ({@link VaultAnswers}), or one whose fields are not what Vault sends.
   */
  static <T> Future<T> answer(String operation, String path, Future<HttpResponse<Buffer>> sent,
                              Function<JsonObject, T> read) {
    return answer(operation, path, sent, (status, body) -> VaultFailure.answered(status), read);
  }

  /** As above, with an HTTP error explained by {@code refusal} from its status and body. */
  static <T> Future<T> answer(String operation, String path, Future<HttpResponse<Buffer>> sent,
                              BiFunction<Integer, Buffer, VaultFailure> refusal, Function<JsonObject, T> read) {
    return sent.transform(result -> {
      if (result.failed()) {
        return Future.failedFuture(VaultRequestException.of(operation, path, result.cause()));
      }
      HttpResponse<Buffer> response = result.result();
      if (response.statusCode() / 100 != 2) {
        return Future.failedFuture(new VaultRequestException(refusal.apply(response.statusCode(), response.body())
          .at(operation, path)));
      }
      Optional<VaultFailure> bad = VaultAnswers.judge(response.statusCode(), response.body());
      if (bad.isPresent()) {
        return Future.failedFuture(new VaultRequestException(bad.get().at(operation, path)));
      }
      try {
        Buffer body = response.body();
        return Future.succeededFuture(read.apply(body == null ? new JsonObject() : body.toJsonObject()));
      } catch (VaultRequestException e) {
        return Future.failedFuture(e);
      } catch (RuntimeException e) {
        // A field of another type than Vault sends (ClassCastException and the like): its message may quote it.
        return Future.failedFuture(new VaultRequestException(VaultFailure.badAnswer(response.statusCode(),
          "answer has an unexpected shape (" + e.getClass().getSimpleName() + ")").at(operation, path)));
      }
    });
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
