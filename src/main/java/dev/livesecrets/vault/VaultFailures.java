package dev.livesecrets.vault;

import io.vertx.config.vault.client.VaultException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;

import javax.net.ssl.SSLException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeoutException;

/**
 * The one classifier of failed reads and token requests: walks the cause chain once, outermost first, and
 * the first exception it knows decides. No exception message is ever passed on: {@code VaultException}
 * carries Vault's response body, a JSON decode error quotes the document it choked on (which may be a
 * secrets file or a login answer), and others are free text; descriptions name statuses, paths and class
 * names only. Pure; any thread.
 */
public final class VaultFailures {

  // Deep enough for the Future and store wrappers; a cycle in the chain ends here too.
  private static final int MAX_DEPTH = 8;

  private VaultFailures() {
  }

  /** {@code failure} classified; {@link FailureCause#OTHER} naming the outer class when nothing in it is known. */
  public static VaultFailure classify(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
      VaultFailure known = known(cause);
      if (known != null) {
        return known;
      }
    }
    return VaultFailure.of(FailureCause.OTHER, "failed unexpectedly ("
      + (failure == null ? "no exception" : failure.getClass().getSimpleName()) + ")");
  }

  private static VaultFailure known(Throwable cause) {
    if (cause instanceof VaultRequestException request) {
      return request.failure(); // classified when it was made
    }
    if (cause instanceof VaultException vault) {
      // The store's own: an HTTP status, or -1 with the transport failure as its cause.
      return vault.getStatusCode() > 0 ? VaultFailure.answered(vault.getStatusCode()) : null;
    }
    if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException) {
      return VaultFailure.of(FailureCause.TIMEOUT, "no answer within the request timeout");
    }
    if (cause instanceof HttpClosedException) {
      // The client closes an idle connection itself after the request timeout, so both causes look alike.
      return VaultFailure.of(FailureCause.CONNECTION_CLOSED,
        "connection to Vault closed before an answer (reset, or silent beyond the request timeout)");
    }
    if (cause instanceof ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException
      || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException) {
      return VaultFailure.of(FailureCause.UNREACHABLE, "cannot connect to Vault (" + simpleName(cause) + ")");
    }
    if (cause instanceof SSLException) {
      return VaultFailure.of(FailureCause.TLS, "TLS handshake with Vault failed (" + simpleName(cause)
        + "): check VAULT_CACERT and VAULT_ADDR's host name");
    }
    if (cause instanceof NoSuchFileException || cause instanceof FileNotFoundException) {
      return VaultFailure.of(FailureCause.SOURCE_UNREADABLE, "secrets file not found");
    }
    if (cause instanceof AccessDeniedException) {
      return VaultFailure.of(FailureCause.SOURCE_UNREADABLE, "secrets file not readable (access denied)");
    }
    if (cause instanceof DecodeException) {
      // Vault's answers are judged before any decoding (VaultAnswers), so this is the file store's.
      return VaultFailure.of(FailureCause.SOURCE_UNREADABLE, "the source is not a valid JSON object");
    }
    return null;
  }

  private static String simpleName(Throwable cause) {
    return cause.getClass().getSimpleName();
  }
}
