package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExternalVaultStrategyTest {

  private static final String TOKEN = "s.external-token";

  private final FakeVaultHttp vault = new FakeVaultHttp();

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void skipsUnlessBothAddressAndTokenAreSet() throws Exception {
    assertThat(new ExternalVaultStrategy(Map.of("VAULT_ADDR", vault.address())).tryStart()).isEmpty();
    assertThat(new ExternalVaultStrategy(Map.of("VAULT_TOKEN", TOKEN)).tryStart()).isEmpty();
    assertThat(vault.requests()).isEmpty();
  }

  @Test
  void usesAServerThatAnswersItsHealthCheck() throws Exception {
    vault.answer("GET", "/v1/sys/health", 200, "{}");

    Optional<VaultServer> server = strategy(vault.address() + "/").tryStart();

    assertThat(server).hasValueSatisfying(s -> {
      assertThat(s.address()).isEqualTo(vault.address());
      assertThat(s.token()).isEqualTo(TOKEN);
      assertThat(s.description()).contains(vault.address()).doesNotContain(TOKEN);
    });
  }

  @Test
  void acceptsAStandby() throws Exception {
    vault.answer("GET", "/v1/sys/health", 429, "{}");

    assertThat(strategy(vault.address()).tryStart()).isPresent();
  }

  @Test
  void failsOnASealedServer() {
    vault.answer("GET", "/v1/sys/health", 503, "{}");

    assertThatThrownBy(() -> strategy(vault.address()).tryStart())
      .isInstanceOf(IOException.class)
      .hasMessageContaining("503 (sealed)");
  }

  @Test
  void failsWhenNothingAnswers() {
    String address = vault.address();
    vault.close();

    assertThatThrownBy(() -> strategy(address).tryStart())
      .isInstanceOf(IOException.class)
      .hasMessageContaining("does not answer")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

  private static ExternalVaultStrategy strategy(String address) {
    return new ExternalVaultStrategy(Map.of("VAULT_ADDR", address, "VAULT_TOKEN", TOKEN));
  }
}
