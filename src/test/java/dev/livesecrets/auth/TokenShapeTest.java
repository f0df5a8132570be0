package dev.livesecrets.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class TokenShapeTest {

  private static final long NOW = 1_800_000_000L;
  private static final Duration MAX = Duration.ofMinutes(15);
  private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  @Test
  void aTokenLikeTheOnesTheServiceIssuesHasAnAcceptableShape() {
    assertThat(problem(HEADER, claims().encode())).isNull();
    assertThat(problem(HEADER, claims().put("aud", new JsonArray().add("a").add("b")).encode())).isNull();
    assertThat(problem(HEADER, claims().put("exp", NOW + 900.5).put("iat", NOW + 0.5).encode())).isNull();
  }

  @Test
  void aTokenWithoutExpIsRefused() {
    JsonObject claims = claims();
    claims.remove("exp");
    assertThat(problem(HEADER, claims.encode())).isEqualTo("no exp");
  }

  @Test
  void aLifetimeOverTheMaximumIsRefusedCountedFromIatOrElseFromNow() {
    assertThat(problem(HEADER, claims().put("exp", NOW + 901).encode())).startsWith("lifetime over");
    assertThat(problem(HEADER, claims().put("iat", NOW - 3600).put("exp", NOW + 60).encode()))
      .as("old iat, exp near: exp - iat counts").startsWith("lifetime over");
    JsonObject withoutIat = claims().put("exp", NOW + 100L * 365 * 86_400);
    withoutIat.remove("iat");
    assertThat(problem(HEADER, withoutIat.encode())).startsWith("lifetime over");
    withoutIat.put("exp", NOW + 900);
    assertThat(problem(HEADER, withoutIat.encode())).isNull();
  }

  @Test
  void aCritHeaderIsRefusedWhateverItNames() {
    assertThat(problem("{\"alg\":\"HS256\",\"crit\":[\"x-unknown\"],\"x-unknown\":1}", claims().encode()))
      .isEqualTo("crit header");
    assertThat(problem("{\"alg\":\"HS256\",\"crit\":[]}", claims().encode())).isEqualTo("crit header");
  }

  @Test
  void aNameRepeatedInTheHeaderOrTheClaimsIsRefused() {
    assertThat(problem("{\"alg\":\"HS256\",\"alg\":\"HS256\"}", claims().encode())).contains("unique names");
    assertThat(problem(HEADER, "{\"exp\":" + (NOW + 60) + ",\"exp\":" + (NOW + 60) + "}")).contains("unique names");
    assertThat(problem(HEADER, "{\"exp\":" + (NOW + 60) + ",\"x\":{\"a\":1,\"a\":2}}")).as("at any depth")
      .contains("unique names");
  }

  @Test
  void registeredClaimsOfTheWrongTypeAreRefused() {
    assertThat(problem(HEADER, claims().put("exp", String.valueOf(NOW + 60)).encode())).isEqualTo("exp not a number");
    assertThat(problem(HEADER, claims().put("iat", String.valueOf(NOW)).encode())).isEqualTo("iat not a number");
    assertThat(problem(HEADER, claims().put("nbf", true).encode())).isEqualTo("nbf not a number");
    assertThat(problem(HEADER, claims().put("aud", new JsonObject().put("x", 1)).encode()))
      .isEqualTo("aud not a string or a list of strings");
    assertThat(problem(HEADER, claims().put("aud", new JsonArray().add(1)).encode()))
      .isEqualTo("aud not a string or a list of strings");
    assertThat(problem(HEADER, claims().put("iss", 7).encode())).isEqualTo("iss not a string");
    assertThat(problem(HEADER, claims().put("sub", new JsonArray()).encode())).isEqualTo("sub not a string");
    assertThat(problem("{\"alg\":[\"HS256\"]}", claims().encode())).isEqualTo("alg not a string");
  }

  @Test
  void partsThatAreNotBase64JsonObjectsAreRefused() {
    assertThat(TokenShape.problem("abc", NOW, MAX)).isEqualTo("not three parts");
    assertThat(TokenShape.problem("a.b.c.d", NOW, MAX)).isEqualTo("not three parts");
    assertThat(TokenShape.problem("!!!.@@@.###", NOW, MAX)).contains("JSON object");
    assertThat(problem("[1,2]", claims().encode())).contains("JSON object");
    assertThat(problem(HEADER, "\"x\"")).contains("JSON object");
    assertThat(problem(HEADER, "{\"exp\":")).contains("JSON object");
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", "api-client").put("iss", "live-secrets").put("aud", "live-secrets-api")
      .put("iat", NOW).put("exp", NOW + 900);
  }

  private static String problem(String header, String claims) {
    return TokenShape.problem(b64(header) + "." + b64(claims) + ".c2ln", NOW, MAX);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
