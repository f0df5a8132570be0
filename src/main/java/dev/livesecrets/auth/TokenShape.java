package dev.livesecrets.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * What a bearer token must look like before its signature is even checked, where vertx-auth-jwt is
 * lenient: header and claims are JSON objects without a duplicated name (which one would count?), the
 * header has no {@code crit} (RFC 7515 4.1.11: an extension the recipient does not understand must be
 * refused, and the service understands none), each registered claim has its registered type (vertx-auth-jwt
 * casts them, and a string {@code exp} made a 500), {@code exp} is present, and the token claims to live
 * no longer than the maximum: {@code exp - iat}, or {@code exp - now} without {@code iat}. Pure; any thread.
 */
final class TokenShape {

  private static final JsonFactory STRICT = JsonFactory.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final List<String> NUMERIC_DATES = List.of("exp", "iat", "nbf");
  private static final List<String> STRINGS = List.of("iss", "sub", "jti");

  private TokenShape() {
  }

  /**
   * Why {@code token} is refused, for a debug line on the server (never for the client), or null when
   * its shape is acceptable.
   */
  static String problem(String token, long nowSeconds, Duration maxLifetime) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return "not three parts";
    }
    JsonObject header = strictObject(parts[0]);
    JsonObject claims = strictObject(parts[1]);
    if (header == null || claims == null) {
      return "header or claims not a JSON object with unique names";
    }
    if (header.containsKey("crit")) {
      return "crit header";
    }
    if (!(header.getValue("alg") instanceof String)) {
      return "alg not a string";
    }
    for (String name : NUMERIC_DATES) {
      if (claims.containsKey(name) && !(claims.getValue(name) instanceof Number)) {
        return name + " not a number";
      }
    }
    for (String name : STRINGS) {
      if (claims.containsKey(name) && !(claims.getValue(name) instanceof String)) {
        return name + " not a string";
      }
    }
    if (claims.containsKey("aud") && !isStringOrStrings(claims.getValue("aud"))) {
      return "aud not a string or a list of strings";
    }
    if (!claims.containsKey("exp")) {
      return "no exp";
    }
    double exp = ((Number) claims.getValue("exp")).doubleValue();
    double start = claims.containsKey("iat") ? ((Number) claims.getValue("iat")).doubleValue() : nowSeconds;
    if (exp - start > maxLifetime.toSeconds()) {
      return "lifetime over " + maxLifetime.toSeconds() + " s";
    }
    return null;
  }

  private static boolean isStringOrStrings(Object value) {
    return value instanceof String
      || value instanceof JsonArray list && list.stream().allMatch(String.class::isInstance);
  }

  /** The base64url part as a JSON object, or null if it is none or repeats a name at any depth. */
  private static JsonObject strictObject(String part) {
    String json;
    try {
      json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    try (JsonParser parser = STRICT.createParser(json)) {
      while (parser.nextToken() != null) {
        // Reading every token is the check: the parser throws on a duplicated name.
      }
    } catch (IOException duplicateOrMalformed) {
      return null;
    }
    try {
      return new JsonObject(json);
    } catch (DecodeException | ClassCastException notAnObject) {
      return null;
    }
  }
}
