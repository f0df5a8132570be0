package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalVaultStrategyTest {

  private static final String TOKEN = "s.external-token";
  // Never contacted: every test here stops before the health check.
  private static final String ADDRESS = "http://127.0.0.1:8200";

  @Test
  void notAvailableWhenVaultAddrUnset() throws Exception {
    assertThat(new ExternalVaultStrategy(Map.of("VAULT_TOKEN", TOKEN)).tryStart()).isEmpty();
  }

  @Test
  void notAvailableWhenVaultTokenUnset() throws Exception {
    assertThat(new ExternalVaultStrategy(Map.of("VAULT_ADDR", ADDRESS)).tryStart()).isEmpty();
  }

  @Test
  void blankAddressOrTokenCountsAsUnset() throws Exception {
    assertThat(new ExternalVaultStrategy(Map.of("VAULT_ADDR", "  ", "VAULT_TOKEN", TOKEN)).tryStart()).isEmpty();
    assertThat(new ExternalVaultStrategy(Map.of("VAULT_ADDR", ADDRESS, "VAULT_TOKEN", " \t")).tryStart()).isEmpty();
  }

  @Test
  void unavailableReasonNamesBothVariables() {
    assertThat(new ExternalVaultStrategy(Map.of()).unavailableReason()).contains("VAULT_ADDR").contains("VAULT_TOKEN");
  }

  @Test
  void nonHttpAddressIsRejectedWithoutTheToken() {
    assertThatThrownBy(() -> new ExternalVaultStrategy(Map.of("VAULT_ADDR", "ftp://vault", "VAULT_TOKEN", TOKEN))
      .tryStart())
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("VAULT_ADDR=ftp://vault is not an http(s) URL")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }
}
