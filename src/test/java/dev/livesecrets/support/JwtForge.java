package dev.livesecrets.support;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds JWTs by hand, good and bad, for tests that attack the bearer check. */
public final class JwtForge {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private JwtForge() {
  }

  /** Claims the service would accept (issuer, audience, times), to be varied by the test. */
  public static JsonObject validClaims() {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", "forged").put("iss", "live-secrets").put("aud", "live-secrets-api")
      .put("iat", now).put("exp", now + 600);
  }

  /** {@code header.payload.signature} signed with {@code macAlgorithm} (HmacSHA256, HmacSHA512). */
  public static String sign(JsonObject header, JsonObject claims, String secret, String macAlgorithm) {
    return signJson(header.encode(), claims.encode(), secret, macAlgorithm);
  }

  /**
   * {@code header.payload.signature} over JSON written as given, HS256: for what a {@link JsonObject}
   * cannot hold, such as a name given twice.
   */
  public static String hs256Raw(String headerJson, String claimsJson, String secret) {
    return signJson(headerJson, claimsJson, secret, "HmacSHA256");
  }

  private static String signJson(String headerJson, String claimsJson, String secret, String macAlgorithm) {
    String signingInput = encode(headerJson) + "." + encode(claimsJson);
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlgorithm));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hs256(JsonObject claims, String secret) {
    return sign(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, secret, "HmacSHA256");
  }

  /** An unsigned token: {@code alg: none} and an empty signature. */
  public static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT").encode()) + "." + encode(claims.encode()) + ".";
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
