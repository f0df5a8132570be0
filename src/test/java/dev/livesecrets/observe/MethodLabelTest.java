package dev.livesecrets.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MethodLabelTest {

  @Test
  void httpsOwnMethodsAreTheirOwnLabel() {
    for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
      "PATCH"}) {
      assertThat(MethodLabel.of(method)).isEqualTo(method);
    }
  }

  @Test
  void anyOtherMethodIsOther() {
    assertThat(MethodLabel.of("M1")).isEqualTo("other");
    assertThat(MethodLabel.of("get")).isEqualTo("other");
    assertThat(MethodLabel.of("BREW")).isEqualTo("other");
    assertThat(MethodLabel.of("X".repeat(4000))).isEqualTo("other");
    assertThat(MethodLabel.of(null)).isEqualTo("other");
  }
}
