package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevTokensTest {

  @Test
  void rootTokensAreDevPrefixedRandomHex() {
    String token = DevTokens.newRootToken();

    assertThat(token).matches("dev-[0-9a-f]{32}");
    assertThat(DevTokens.newRootToken()).isNotEqualTo(token);
  }
}
