package dev.livesecrets.vault;

import dev.livesecrets.config.VaultSettings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

import java.util.function.Supplier;

/**
 * The web client every Vault request of the service goes through (the config store's reads and the token
 * operations), with an interceptor that holds each answer to {@link VaultAnswers}: it stops reading an
 * answer past {@link VaultAnswers#MAX_BYTES} (a Content-Length over it is refused before any byte, a longer
 * body when the cap is crossed, and the connection is reset), and fails the request with a
 * {@link VaultRequestException} ({@link FailureCause#BAD_ANSWER}) when a success is not a JSON object.
 *
 * <p>Why here: {@code vertx-config-vault} 5.0.7 decodes a 200 answer inside its completion handler, so a body
 * that is not a JSON object throws there, is logged with a stack trace, and leaves the read hanging until
 * the read timeout; a failed request instead reaches the store as an ordinary failure. The interceptor
 * uses Vert.x's {@code WebClient.addInterceptor} and the {@code HttpContext} phases of vertx-web-client
 * 5.0.7 (marked internal there; {@code BadVaultAnswerIT} fails should a later version change them).
 *
 * <p>With a Vault namespace, the same interceptor sends it on every request ({@code X-Vault-Namespace}: logins,
 * reads, renewals, revocations alike, so none can miss it), and tells Vault's "namespace not found" apart from
 * a missing secret.
 *
 * <p>The interceptor runs on the event loop of the request's context.
 */
public final class VaultWebClient {

  private VaultWebClient() {
  }

  /** A web client with {@code options} whose answers are held to {@link VaultAnswers}. */
  public static WebClient create(Vertx vertx, WebClientOptions options) {
    return create(vertx, options, null, null);
  }

  /**
   * As above, every request in Vault namespace {@code namespace} (null: the root namespace) and sent to the current
   * one of {@code nodes} (null: to the options' default host), which moves on when a request fails in a way another
   * node may not.
   */
  public static WebClient create(Vertx vertx, WebClientOptions options, String namespace, VaultNodes nodes) {
    return WebClient.create(vertx, options).addInterceptor(new AnswerCheck(namespace, nodes));
  }

  private static final class AnswerCheck implements Handler<HttpContext<?>> {

    private static final String OVERFLOWED = "live-secrets.answer-overflowed";
    private static final String NAMESPACE_HEADER = "X-Vault-Namespace";

    private static final String NODE = "live-secrets.vault-node";

    private final String namespace;
    private final VaultNodes nodes; // null, or with a single node: every request to the default host

    AnswerCheck(String namespace, VaultNodes nodes) {
      this.namespace = namespace;
      this.nodes = nodes == null || !nodes.several() ? null : nodes;
    }

    @Override
    public void handle(HttpContext<?> context) {
      switch (context.phase()) {
        case PREPARE_REQUEST -> {
          if (namespace != null) {
            context.request().putHeader(NAMESPACE_HEADER, namespace);
          }
          if (nodes != null) {
            // Per request, not in the options: the config store's reads go to the client's default host.
            int node = nodes.current();
            context.set(NODE, node);
            context.request().host(nodes.node(node).getHost()).port(VaultSettings.portOf(nodes.node(node)));
          }
          context.next();
        }
        case RECEIVE_RESPONSE -> receive(context);
        case DISPATCH_RESPONSE -> dispatch(context);
        case FAILURE -> {
          Integer node = context.get(NODE);
          if (node != null && !Boolean.TRUE.equals(context.get(OVERFLOWED)) && FailoverRule.movesOn(context.failure())) {
            nodes.failed(node, VaultFailures.classify(context.failure()).describedWithCause());
          }
          if (Boolean.TRUE.equals(context.get(OVERFLOWED))) {
            // Stops the rest of the answer: the connection goes, rather than draining it into nothing. The
            // reset is this failure, already told: without a handler Vert.x would log it with a stack trace.
            HttpClientResponse response = context.clientResponse();
            response.exceptionHandler(alreadyTold -> { });
            response.request().reset();
          }
          context.next();
        }
        default -> context.next();
      }
    }

    /** Before the body is read: refuses a declared length over the cap, and caps the body as it streams. */
    private void receive(HttpContext<?> context) {
      HttpClientResponse response = context.clientResponse();
      if (declaredLength(response) > VaultAnswers.MAX_BYTES) {
        context.set(OVERFLOWED, true);
        context.fail(tooLarge(context, response.statusCode()));
        return;
      }
      if (context.request().bodyCodec() == BodyCodec.buffer()) {
        context.request().as(new CappedBody(() -> {
          context.set(OVERFLOWED, true);
          return tooLarge(context, response.statusCode());
        }));
      }
      context.next();
    }

    /** The whole body is in: a success must be a JSON object. */
    private void dispatch(HttpContext<?> context) {
      HttpResponse<?> response = context.response();
      Object body = response.body();
      Integer node = context.get(NODE);
      if (node != null && (body == null || body instanceof Buffer)
        && FailoverRule.movesOn(response.statusCode(), (Buffer) body)) {
        nodes.failed(node, VaultFailure.answered(response.statusCode()).describedWithCause());
      }
      if (body != null && !(body instanceof Buffer)) {
        context.next(); // another codec decoded it already
        return;
      }
      if (namespace != null && response.statusCode() == 404
        && VaultErrorTexts.mention((Buffer) body, "namespace not found")) {
        context.fail(new VaultRequestException(new VaultFailure(FailureCause.HTTP_4XX,
          java.util.OptionalInt.of(404), operation(context), path(context), "Vault has no namespace '" + namespace
            + "' (VAULT_NAMESPACE), or not one this token may see")));
        return;
      }
      VaultAnswers.judge(response.statusCode(), (Buffer) body).ifPresentOrElse(
        bad -> context.fail(new VaultRequestException(bad.at(operation(context), path(context)))),
        context::next);
    }

    private static VaultRequestException tooLarge(HttpContext<?> context, int status) {
      return new VaultRequestException(VaultFailure.badAnswer(status, VaultAnswers.TOO_LARGE)
        .at(operation(context), path(context)));
    }

    private static long declaredLength(HttpClientResponse response) {
      String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
      try {
        return length == null ? -1 : Long.parseLong(length.trim());
      } catch (NumberFormatException malformed) {
        return -1; // the body is still capped as it streams
      }
    }

    // The token client names its own operations; the config store's requests are all reads.
    private static String operation(HttpContext<?> context) {
      HttpMethod method = context.request().method();
      return HttpMethod.GET.equals(method) ? "read" : method.name() + " request";
    }

    private static String path(HttpContext<?> context) {
      return pathOf(context.request().uri());
    }
  }

  /** A request URI without its query. */
  static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  /**
   * Buffers a body like {@link BodyCodec#buffer()} (an empty body gives null), failing once it would exceed
   * {@link VaultAnswers#MAX_BYTES}, so no more than the cap is ever held.
   */
  private static final class CappedBody implements BodyCodec<Buffer> {

    private final Supplier<VaultRequestException> tooLarge;

    CappedBody(Supplier<VaultRequestException> tooLarge) {
      this.tooLarge = tooLarge;
    }

    @Override
    public BodyStream<Buffer> stream() {
      return new BodyStream<>() {
        private final Buffer buffer = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        @Override
        public Future<Buffer> result() {
          return result.future();
        }

        @Override
        public void handle(Throwable failure) {
          result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
          if (result.future().isComplete()) {
            return Future.failedFuture("the body is already complete or failed");
          }
          if ((long) buffer.length() + data.length() > VaultAnswers.MAX_BYTES) {
            VaultRequestException failure = tooLarge.get();
            result.tryFail(failure);
            return Future.failedFuture(failure);
          }
          buffer.appendBuffer(data);
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
          return result.tryComplete(buffer.length() == 0 ? null : buffer) ? Future.succeededFuture()
            : Future.failedFuture("the body is already complete or failed");
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
          return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
          return this;
        }

        @Override
        public boolean writeQueueFull() {
          return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
          return this;
        }
      };
    }
  }
}
