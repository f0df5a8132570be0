package dev.livesecrets.secrets;

import io.vertx.config.vault.client.VaultException;
import io.vertx.core.json.DecodeException;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failed read into one safe line for logs and status. Exception messages are not passed on as
 * they are: {@code VaultException} carries Vault's response body, and a JSON decode error quotes the
 * document it choked on, which may be a secrets file. Pure; any thread.
 */
public final class ReadFailures {

  private ReadFailures() {
  }

  public static String describe(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
      String known = describeKnown(cause);
      if (known != null) {
        return known;
      }
    }
    return "read failed (" + failure.getClass().getSimpleName() + ")";
  }

  /** A short, fixed category of {@code failure}, for metric labels: never free text. */
  public static String category(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      int status = httpStatus(cause);
      if (status > 0) {
        return status == 403 ? "http_403" : status >= 500 ? "http_5xx" : "http_4xx";
      }
      if (cause instanceof TimeoutException) {
        return "timeout";
      }
      if (cause instanceof io.vertx.core.http.HttpClosedException) {
        return "connection_closed"; // a reset, or the client's own idle timeout: the two look alike
      }
      if (cause instanceof javax.net.ssl.SSLException) {
        return "tls";
      }
      if (cause instanceof ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException) {
        return "unreachable";
      }
      if (cause instanceof NoSuchFileException || cause instanceof DecodeException) {
        return "source_unreadable";
      }
    }
    return "other";
  }

  /** Whether Vault refused a read's token (HTTP 403 from the store), anywhere in the cause chain. */
  public static boolean isPermissionDenied(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof VaultException && httpStatus(cause) == 403) {
        return true;
      }
    }
    return false;
  }

  /** The HTTP status Vault answered, from the store's or our own client's exception; else -1. */
  private static int httpStatus(Throwable cause) {
    if (cause instanceof VaultException vault) {
      return vault.getStatusCode();
    }
    if (cause instanceof dev.livesecrets.vault.VaultRequestException request) {
      return request.status();
    }
    return -1;
  }

  private static String describeKnown(Throwable cause) {
    if (cause instanceof VaultException && httpStatus(cause) > 0) {
      return "Vault answered HTTP " + httpStatus(cause) + meaning(httpStatus(cause));
    }
    if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException) {
      return "no answer within the request timeout";
    }
    if (cause instanceof io.vertx.core.http.HttpClosedException) {
      // The client closes an idle connection itself after the request timeout, so both causes look alike.
      return "connection to Vault closed before an answer (reset, or silent beyond the request timeout)";
    }
    if (cause instanceof ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException) {
      return "cannot connect to Vault (" + cause.getClass().getSimpleName() + ")";
    }
    if (cause instanceof dev.livesecrets.vault.VaultRequestException || cause instanceof IllegalStateException
      && cause.getMessage() != null && cause.getMessage().startsWith("VAULT_")) {
      return cause.getMessage(); // built by us from operation, path and status: safe
    }
    if (cause instanceof javax.net.ssl.SSLException) {
      return "TLS handshake with Vault failed (" + cause.getClass().getSimpleName() + "): check VAULT_CACERT and "
        + "VAULT_ADDR's host name";
    }
    if (cause instanceof NoSuchFileException || cause instanceof FileNotFoundException) {
      return "secrets file not found";
    }
    if (cause instanceof DecodeException) {
      return "the source is not a valid JSON object";
    }
    return null;
  }

  private static String meaning(int status) {
    return switch (status) {
      case 400 -> " (bad request)";
      case 403 -> " (permission denied: token invalid, expired or not allowed to read this path)";
      case 429 -> " (rate limited)";
      case 500 -> " (internal error)";
      case 502, 504 -> " (gateway error)";
      case 503 -> " (sealed or unavailable)";
      default -> "";
    };
  }
}
