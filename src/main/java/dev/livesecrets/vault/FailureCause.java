package dev.livesecrets.vault;

/**
 * Why a request to the secret source failed, as one of a fixed set. Each cause has a fixed label, the
 * value of the {@code cause} label of {@code live_secrets_read_failures_total} and of the {@code cause}
 * audit field, so no label can ever carry free text. Immutable; any thread.
 */
public enum FailureCause {

  /** No connection could be made: refused, no route, unknown host, connect timeout. */
  UNREACHABLE("unreachable", true),
  /** Connected, but no answer within the request timeout. */
  TIMEOUT("timeout", true),
  /** The connection closed before an answer: a reset, or the client's own idle timeout (they look alike). */
  CONNECTION_CLOSED("connection_closed", true),
  /** The TLS handshake failed: a CA, host name or client certificate to fix. */
  TLS("tls", false),
  /** Vault refused the token: invalid, expired, revoked, or not allowed this path. */
  HTTP_403("http_403", false),
  /** Any other 4xx answer: the request is wrong (a login's role_id or secret_id, a path, a rate limit). */
  HTTP_4XX("http_4xx", false),
  /** A 5xx answer: Vault sealed, unavailable, or a gateway in front of it failing. */
  HTTP_5XX("http_5xx", true),
  /**
   * An answer Vault does not give: not JSON, not a JSON object, empty, over the size cap, or a status that
   * is neither success nor error (a redirect not followed). Something in front of Vault needs fixing.
   */
  BAD_ANSWER("bad_answer", false),
  /** A file the service reads is missing, unreadable or not a JSON object: the secrets file, the secret_id file. */
  SOURCE_UNREADABLE("source_unreadable", false),
  /** None of the above; the description names the exception's class only. */
  OTHER("other", false);

  private final String label;
  private final boolean retryable;

  FailureCause(String label, boolean retryable) {
    this.label = label;
    this.retryable = retryable;
  }

  /** The fixed metric and audit label: lower case, no free text. */
  public String label() {
    return label;
  }

  /**
   * Whether the same request, unchanged, may succeed later: a fault of the network or of Vault's availability,
   * rather than one that needs a new token, a fixed setting or a fixed proxy. (A 429 is grouped in
   * {@link #HTTP_4XX}, so it counts as not retryable here.)
   */
  public boolean retryable() {
    return retryable;
  }

  /** The cause of an HTTP answer with {@code status}: 403, other 4xx, 5xx; anything else is a bad answer. */
  public static FailureCause forStatus(int status) {
    if (status == 403) {
      return HTTP_403;
    }
    if (status >= 400 && status < 500) {
      return HTTP_4XX;
    }
    if (status >= 500 && status < 600) {
      return HTTP_5XX;
    }
    return BAD_ANSWER;
  }
}
