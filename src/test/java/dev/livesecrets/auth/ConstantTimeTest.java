package dev.livesecrets.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConstantTimeTest {

  private static final byte[] KEY = bytes("sk-3a7f1c9e5b2d8046");

  @Test
  void sameAsciiValueMatches() {
    assertThat(ConstantTime.matches("sk-3a7f1c9e5b2d8046", KEY)).isTrue();
  }

  @Test
  void anyDifferentCharacterLengthOrNullDoesNotMatch() {
    assertThat(ConstantTime.matches("sk-3a7f1c9e5b2d8047", KEY)).isFalse();
    assertThat(ConstantTime.matches("tk-3a7f1c9e5b2d8046", KEY)).isFalse();
    assertThat(ConstantTime.matches("sk-3a7f1c9e5b2d804", KEY)).isFalse();
    assertThat(ConstantTime.matches("sk-3a7f1c9e5b2d80466", KEY)).isFalse();
    assertThat(ConstantTime.matches("", KEY)).isFalse();
    assertThat(ConstantTime.matches(null, KEY)).isFalse();
  }

  @Test
  void aValueThatRepeatsTheFirstByteBeyondTheKeyDoesNotMatch() {
    // Past the expected length the loop compares against expected[0]: the length difference still counts.
    assertThat(ConstantTime.matches("ssss", bytes("s"))).isFalse();
    assertThat(ConstantTime.matches("s", bytes("s"))).isTrue();
  }

  @Test
  void emptyExpectedMatchesOnlyEmpty() {
    assertThat(ConstantTime.matches("", new byte[0])).isTrue();
    assertThat(ConstantTime.matches("a", new byte[0])).isFalse();
  }

  @Test
  void nonAsciiValueIsComparedAsUtf8() {
    byte[] accented = bytes("cl\u00e9-42");

    assertThat(ConstantTime.matches("cl\u00e9-42", accented)).isTrue();
    assertThat(ConstantTime.matches("cle\u0301-42", accented)).isFalse();
    // The two UTF-8 bytes of "é" (0xC3 0xA9) read as Latin-1 chars, as an HTTP header decoder reads them.
    assertThat(ConstantTime.matches("cl\u00c3\u00a9-42", accented)).isFalse();
  }

  @Test
  void asciiValueNeverMatchesANonAsciiKey() {
    assertThat(ConstantTime.matches("cle-42", bytes("cl\u00e9-42"))).isFalse();
    assertThat(ConstantTime.matches("clxx-42", bytes("cl\u00e9-42"))).isFalse();
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
