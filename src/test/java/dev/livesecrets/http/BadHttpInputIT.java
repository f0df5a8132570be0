package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.JwtForge;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A corpus of bad HTTP input: every answer is a 4xx with a JSON error, never a 5xx, a trace or a secret. */
@VaultIntegrationTest
class BadHttpInputIT {

  @Test
  void malformedOrOversizedRequestsGetA4xxJsonError(Vertx vertx, VaultServer vault) throws IOException {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      int port = sut.settings().httpPort();
      Map<String, byte[]> corpus = new LinkedHashMap<>();
      corpus.put("header over the limit", request("GET /api/hello HTTP/1.1\r\nHost: x\r\nX-API-Key: "
        + "k".repeat(20_000) + "\r\n\r\n"));
      corpus.put("request line over the limit", request("GET /api/hello?q=" + "a".repeat(10_000)
        + " HTTP/1.1\r\nHost: x\r\n\r\n"));
      corpus.put("garbage request line", request("GARBAGE\r\n\r\n"));
      corpus.put("header without a colon", request("GET /api/hello HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"));
      corpus.put("non-ASCII API key", concat(request("GET /api/hello HTTP/1.1\r\nHost: x\r\nX-API-Key: sk-"),
        new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF, 0x01}, request("\r\nConnection: close\r\n\r\n")));
      corpus.put("huge API key under the limit", request("GET /api/hello HTTP/1.1\r\nHost: x\r\nX-API-Key: "
        + "k".repeat(6000) + "\r\nConnection: close\r\n\r\n"));
      corpus.put("empty API key", request("GET /api/hello HTTP/1.1\r\nHost: x\r\nX-API-Key: \r\nConnection: close\r\n\r\n"));
      corpus.put("body over the limit", request("POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
        + "Connection: close\r\n\r\n" + "b".repeat(100_000)));
      corpus.put("unknown method", request("BREW /api/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      corpus.put("wrong method", request("DELETE /api/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

      corpus.forEach((name, bytes) -> {
        RawAnswer answer = send(port, bytes);
        assertThat(answer.status).as("status for %s", name).isBetween(400, 499);
        assertJsonErrorWithoutLeak(name, answer.body, sut);
      });
    }
  }

  @Test
  void badBearerTokensAreAll401(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      sut.awaitLoaded();
      String secret = sut.current().get("jwt_secret");
      long now = System.currentTimeMillis() / 1000;
      Map<String, String> corpus = new LinkedHashMap<>();
      corpus.put("alg none", "Bearer " + JwtForge.unsigned(JwtForge.validClaims()));
      corpus.put("HS512 with the real secret", "Bearer " + JwtForge.sign(new JsonObject().put("alg", "HS512"),
        JwtForge.validClaims(), secret, "HmacSHA512"));
      corpus.put("RS256 header over an HMAC signature", "Bearer " + JwtForge.sign(new JsonObject().put("alg", "RS256"),
        JwtForge.validClaims(), secret, "HmacSHA256"));
      corpus.put("expired", "Bearer " + JwtForge.hs256(JwtForge.validClaims().put("exp", now - 60), secret));
      corpus.put("not yet valid", "Bearer " + JwtForge.hs256(JwtForge.validClaims().put("nbf", now + 600), secret));
      corpus.put("other issuer", "Bearer " + JwtForge.hs256(JwtForge.validClaims().put("iss", "evil"), secret));
      corpus.put("other audience", "Bearer " + JwtForge.hs256(JwtForge.validClaims().put("aud", "other"), secret));
      corpus.put("signed with another secret", "Bearer " + JwtForge.hs256(JwtForge.validClaims(),
        "another-secret-of-thirty-two-bytes-or-more"));
      String good = JwtForge.hs256(JwtForge.validClaims(), secret);
      corpus.put("tampered payload", "Bearer " + tamper(good));
      corpus.put("garbage", "Bearer abc");
      corpus.put("three empty parts", "Bearer ..");
      corpus.put("non-base64 parts", "Bearer !!!.@@@.###");
      corpus.put("JSON that is not an object", "Bearer " + b64("[1,2]") + "." + b64("\"x\"") + ".sig");
      corpus.put("empty bearer", "Bearer ");
      corpus.put("basic scheme", "Basic dXNlcjpwYXNz");
      corpus.put("huge token", "Bearer " + "a".repeat(6000));
      JsonObject noExp = JwtForge.validClaims();
      noExp.remove("exp");
      corpus.put("signed, without exp", "Bearer " + JwtForge.hs256(noExp, secret));
      long century = 100L * 365 * 86_400;
      corpus.put("signed, exp a century after iat", "Bearer " + JwtForge.hs256(JwtForge.validClaims()
        .put("exp", now + century), secret));
      JsonObject noIat = JwtForge.validClaims().put("exp", now + century);
      noIat.remove("iat");
      corpus.put("signed, exp a century ahead without iat", "Bearer " + JwtForge.hs256(noIat, secret));
      corpus.put("signed, crit header naming an unknown extension", "Bearer " + JwtForge.sign(new JsonObject()
        .put("alg", "HS256").put("typ", "JWT").put("crit", new io.vertx.core.json.JsonArray().add("x-unknown"))
        .put("x-unknown", true), JwtForge.validClaims(), secret, "HmacSHA256"));
      corpus.put("signed, alg given twice", "Bearer " + JwtForge.hs256Raw("{\"alg\":\"HS256\",\"typ\":\"JWT\","
        + "\"alg\":\"HS256\"}", JwtForge.validClaims().encode(), secret));
      corpus.put("signed, exp given twice", "Bearer " + JwtForge.hs256Raw("{\"alg\":\"HS256\"}",
        "{\"iss\":\"live-secrets\",\"aud\":\"live-secrets-api\",\"exp\":" + (now + 600) + ",\"exp\":"
          + (now + century) + "}", secret));
      corpus.put("signed, exp a string", "Bearer " + JwtForge.hs256(JwtForge.validClaims()
        .put("exp", Long.toString(now + 600)), secret));
      corpus.put("signed, iat a string", "Bearer " + JwtForge.hs256(JwtForge.validClaims()
        .put("iat", Long.toString(now)), secret));
      corpus.put("signed, nbf a string", "Bearer " + JwtForge.hs256(JwtForge.validClaims()
        .put("nbf", Long.toString(now)), secret));
      corpus.put("signed, aud an object", "Bearer " + JwtForge.hs256(JwtForge.validClaims()
        .put("aud", new JsonObject().put("live-secrets-api", true)), secret));
      corpus.put("signed, iss a number", "Bearer " + JwtForge.hs256(JwtForge.validClaims().put("iss", 7), secret));

      int linesBefore = LogCapture.lines().size();
      corpus.forEach((name, authorization) -> {
        HttpResponse<Buffer> response = sut.get("/api/me", Map.of("Authorization", authorization));
        assertThat(response.statusCode()).as("status for %s", name).isEqualTo(401);
        assertJsonErrorWithoutLeak(name, response.bodyAsString(), sut);
      });
      assertThat(LogCapture.lines().subList(linesBefore, LogCapture.lines().size()))
        .as("log lines of refused tokens").noneMatch(line -> line.startsWith("ERROR"));
      // The control: the same forge makes a token the service accepts.
      assertThat(sut.get("/api/me", Map.of("Authorization", "Bearer " + good)).statusCode()).isEqualTo(200);
    }
  }

  private static void assertJsonErrorWithoutLeak(String name, String body, ServiceUnderTest sut) {
    JsonObject json = new JsonObject(body);
    assertThat(json.getString("error")).as("error of %s", name).isNotBlank();
    assertThat(body).as("body of %s", name).doesNotContain("Exception").doesNotContain("\tat ");
    sut.current().values().forEach(secret -> assertThat(body.contains(secret)).as("secret in body of %s", name).isFalse());
  }

  private static String tamper(String token) {
    String[] parts = token.split("\\.");
    JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
      StandardCharsets.UTF_8)).put("sub", "admin");
    return parts[0] + "." + b64(claims.encode()) + "." + parts[2];
  }

  private static String b64(String text) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] request(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private record RawAnswer(int status, String body) {
  }

  /** Sends raw bytes on a new connection and reads the answer until the server closes or 5 s pass. */
  private static RawAnswer send(int port, byte[] bytes) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      try {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
      } catch (IOException closedEarly) {
        // The server may answer and close before reading everything (an oversized body): read anyway.
      }
      String answer = readAnswer(socket.getInputStream());
      int status = Integer.parseInt(answer.substring(9, 12));
      int bodyStart = answer.indexOf("\r\n\r\n") + 4;
      return new RawAnswer(status, answer.substring(bodyStart));
    } catch (IOException e) {
      throw new AssertionError("no answer: " + e, e);
    }
  }

  private static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        String soFar = out.toString(StandardCharsets.ISO_8859_1);
        int head = soFar.indexOf("\r\n\r\n");
        int length = contentLength(soFar, head);
        if (head >= 0 && length >= 0 && out.size() >= head + 4 + length) {
          break;
        }
      }
    } catch (java.net.SocketException reset) {
      // A reset after the answer is fine: what was read is the answer.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String soFar, int head) {
    if (head < 0) {
      return -1;
    }
    for (String line : soFar.substring(0, head).split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }
}
