package dev.livesecrets.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A STAND-IN for the one endpoint of the Kubernetes API that Vault's kubernetes auth method calls, the
 * TokenReview ({@code POST /apis/authentication.k8s.io/v1/tokenreviews}): it is not Kubernetes. It confirms a
 * token when {@code signer} signed it and it has not been revoked here, answering with the service account the
 * token's claims name and the audiences asked for, as the API server does; anything else is "not authenticated".
 * Lets the tests run the login path, the role's bindings and the error texts through real OpenBao.
 */
public final class TokenReviewStandIn implements AutoCloseable {

  private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

  private final HttpServer server;
  private final RsaJwtSigner signer;
  private final List<JsonArray> audiencesAsked = new CopyOnWriteArrayList<>();
  private final List<String> revoked = new CopyOnWriteArrayList<>();

  private TokenReviewStandIn(HttpServer server, RsaJwtSigner signer) {
    this.server = server;
    this.signer = signer;
  }

  public static TokenReviewStandIn start(Vertx vertx, RsaJwtSigner signer) {
    HttpServer server = vertx.createHttpServer();
    TokenReviewStandIn standIn = new TokenReviewStandIn(server, signer);
    server.requestHandler(request -> request.body().onSuccess(body -> {
      if (!PATH.equals(request.path())) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(standIn.review(body.toJsonObject()).encode());
    }));
    Await.result(server.listen(0, "127.0.0.1"));
    return standIn;
  }

  /** The base address to give Vault as {@code kubernetes_host}. */
  public String address() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The audiences Vault asked each review to check, in order. */
  public List<JsonArray> audiencesAsked() {
    return List.copyOf(audiencesAsked);
  }

  /** From now on, {@code token} is not authenticated, as for a deleted pod. */
  public void revoke(String token) {
    revoked.add(token);
  }

  private JsonObject review(JsonObject request) {
    JsonObject spec = request.getJsonObject("spec", new JsonObject());
    String token = spec.getString("token", "");
    JsonArray audiences = spec.getJsonArray("audiences", new JsonArray());
    audiencesAsked.add(audiences);
    JsonObject status;
    if (!signer.signed(token) || revoked.contains(token)) {
      status = new JsonObject().put("authenticated", false).put("error", "[invalid bearer token]");
    } else {
      JsonObject account = RsaJwtSigner.claims(token).getJsonObject("kubernetes.io");
      String namespace = account.getString("namespace");
      JsonObject serviceAccount = account.getJsonObject("serviceaccount");
      status = new JsonObject().put("authenticated", true)
        .put("user", new JsonObject()
          .put("username", "system:serviceaccount:" + namespace + ":" + serviceAccount.getString("name"))
          .put("uid", serviceAccount.getString("uid"))
          .put("groups", new JsonArray().add("system:serviceaccounts").add("system:serviceaccounts:" + namespace)))
        .put("audiences", audiences);
    }
    return new JsonObject().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview")
      .put("status", status);
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
