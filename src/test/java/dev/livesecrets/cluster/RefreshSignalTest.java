package dev.livesecrets.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The one message that crosses the cluster: names only, read defensively. */
class RefreshSignalTest {

  @Test
  void itCarriesTheOriginThePathAndTheReasonAndNothingElse() {
    JsonObject json = new RefreshSignal("ab12cd34", "secret/app", "admin").toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("origin", "path", "reason");
    assertThat(RefreshSignal.fromJson(json)).isEqualTo(new RefreshSignal("ab12cd34", "secret/app", "admin"));
  }

  @Test
  void aSignalThatAsksForReportsCarriesItsRequestId() {
    RefreshSignal signal = new RefreshSignal("ab12cd34", "secret/app", "admin", "0b5e-42");

    assertThat(signal.toJson().getString("request")).isEqualTo("0b5e-42");
    assertThat(RefreshSignal.fromJson(signal.toJson())).isEqualTo(signal);
  }

  @Test
  void aRequestIdThatIsNotShortAndPlainCountsAsNone() {
    assertThat(new RefreshSignal("p", "secret/app", "admin", "live-secrets.snapshots").request()).isNull();
    assertThat(new RefreshSignal("p", "secret/app", "admin", "x".repeat(37)).request()).isNull();
  }

  @Test
  void aForeignMessageIsNoSignal() {
    assertThat(RefreshSignal.fromJson("refresh please")).isNull();
    assertThat(RefreshSignal.fromJson(new JsonObject().put("path", 42))).isNull();
  }

  @Test
  void aPipelinesReasonIsKeptShortAndPlain() {
    RefreshSignal signal = new RefreshSignal("p", "secret/app", "deploy\n<script>" + "x".repeat(100));

    assertThat(signal.reason()).hasSize(64).doesNotContain("\n").doesNotContain("<");
  }
}
