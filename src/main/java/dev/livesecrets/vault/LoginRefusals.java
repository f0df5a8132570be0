package dev.livesecrets.vault;

import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why Vault refused a JWT or Kubernetes login, in this service's words: which role, and which claim or binding
 * of the token did not match. Vault's error texts are matched, never quoted (a text may echo what was sent), so
 * the only names in an explanation are the role and mount from the settings and a claim's name, and never the
 * token. Pure; any thread.
 */
final class LoginRefusals {

  // A claim's name as Vault quotes it in a bound-claims error: short, no spaces, so never a token.
  private static final Pattern CLAIM = Pattern.compile("claim \"([A-Za-z0-9_.:/-]{1,64})\"");

  private LoginRefusals() {
  }

  /**
   * The refusal of a login by {@code method} ({@code jwt}, {@code kubernetes}) at {@code auth/mount} as
   * {@code role}, which Vault answered with {@code status} and {@code body}.
   */
  static VaultFailure explain(String method, String mount, String role, int status, Buffer body) {
    String problem = problem(method, role, mount, VaultErrorTexts.of(body));
    VaultFailure answered = VaultFailure.answered(status);
    if (problem == null) {
      return answered;
    }
    return new VaultFailure(answered.cause(), OptionalInt.of(status), null, null, "Vault answered HTTP " + status
      + ": " + problem + " (" + method + " login as role '" + role + "')");
  }

  private static String problem(String method, String role, String mount, List<String> errors) {
    for (String error : errors) {
      String known = known(method, role, mount, error);
      if (known != null) {
        return known;
      }
    }
    return null;
  }

  private static String known(String method, String role, String mount, String error) {
    if (error.contains("audience (aud) claim") || error.contains("invalid audience")) {
      return "the token's audience (claim 'aud') is not one the role accepts (its bound_audiences or audience)";
    }
    if (error.contains("subject (sub) claim")) {
      return "the token's subject (claim 'sub') is not the role's bound_subject";
    }
    if (error.contains("issuer (iss) claim")) {
      return "the token's issuer (claim 'iss') is not the one configured (bound_issuer)";
    }
    if (error.contains("token is expired") || error.contains("(exp)")) {
      return "the token has expired (claim 'exp'): the file holds an old token";
    }
    if (error.contains("(nbf)") || error.contains("(iat)") || error.contains("not valid yet")) {
      return "the token is not valid yet (claim 'nbf' or 'iat'): check the clocks";
    }
    if (error.contains("could not be found") && error.contains("role")) {
      return "there is no role '" + role + "' at auth/" + mount + " (VAULT_AUTH_ROLE)";
    }
    if (error.contains("service account name not authorized")) {
      return "the token's service account is not in the role's bound_service_account_names";
    }
    if (error.contains("namespace not authorized")) {
      return "the token's Kubernetes namespace is not in the role's bound_service_account_namespaces";
    }
    if (error.contains("signature") || error.contains("compact JWS") || error.contains("malformed")) {
      return "the token's signature does not verify with the keys configured at auth/" + mount
        + ", or the file does not hold a JWT";
    }
    if (error.contains("lookup failed") || error.contains("token review") || error.contains("tokenreview")
      || error.contains("not authenticated")) {
      return "Kubernetes' TokenReview did not confirm the token (revoked, for another audience, or the pod is gone)";
    }
    Matcher claim = CLAIM.matcher(error);
    if (claim.find()) {
      return "the token's claim '" + claim.group(1) + "' does not match the role's bound_claims";
    }
    if (error.equals("permission denied")) {
      // The kubernetes method says only this when the TokenReview does not confirm the token.
      return method.equals("kubernetes")
        ? "Kubernetes' TokenReview did not confirm the token (revoked, expired, the pod gone), or nothing answers "
          + "logins at auth/" + mount + " (VAULT_AUTH_MOUNT)"
        : "nothing answers logins at auth/" + mount + " (VAULT_AUTH_MOUNT), or the namespace is wrong";
    }
    return null;
  }
}
