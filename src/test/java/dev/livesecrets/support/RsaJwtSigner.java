package dev.livesecrets.support;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/**
 * An RSA key pair that signs JWTs with RS256, as a Kubernetes API server or another identity provider does,
 * and checks them. Tokens it signs are registered with the {@link LeakGuard}: none may reach a log or a response.
 */
public final class RsaJwtSigner {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;

  public RsaJwtSigner() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The public key in PEM, as Vault's jwt_validation_pubkeys takes it. */
  public String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
      + "\n-----END PUBLIC KEY-----\n";
  }

  /** {@code claims} signed with RS256. */
  public String sign(JsonObject claims) {
    String input = encode(new JsonObject().put("alg", "RS256").put("typ", "JWT").encode()) + "."
      + encode(claims.encode());
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keys.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      String token = input + "." + B64.encodeToString(signature.sign());
      LeakGuard.suite().register(token, "a signed JWT");
      return token;
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether {@code token} is a JWT this key pair signed. */
  public boolean signed(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initVerify(keys.getPublic());
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The claims of {@code token}, unchecked. */
  public static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
