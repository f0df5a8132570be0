package dev.livesecrets.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ApiResponsesTest {

  private final ApiResponses responses = ApiResponses.forInstance("http-2");

  @Test
  void helloBodyNamesTheInstanceAndTheVersion() {
    assertThat(new JsonObject(responses.helloBody(7)))
      .isEqualTo(new JsonObject().put("message", "Hello from http-2").put("secretVersion", 7L));
  }

  @Test
  void helloBodyIsEncodedOncePerVersion() {
    var first = responses.helloBody(7);

    assertThat(responses.helloBody(7)).isSameAs(first);
    assertThat(responses.helloBody(8)).isNotSameAs(first);
    assertThat(new JsonObject(responses.helloBody(8)).getLong("secretVersion")).isEqualTo(8L);
  }

  @Test
  void helloBodyIsTheBytesTheServiceSentBefore() {
    // The body as ApiHandlers.hello encoded it per request before it was encoded once per version.
    String before = new JsonObject().put("message", "Hello from http-2").put("secretVersion", 12L).encode();

    assertThat(responses.helloBody(12).toString()).isEqualTo(before);
  }
}
