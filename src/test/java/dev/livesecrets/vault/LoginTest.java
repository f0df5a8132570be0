package dev.livesecrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.config.VaultToken;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LoginTest {

  private static final String TOKEN = "hvs.login-token-5e8b20c4a1";

  @Test
  void toStringShowsAccessorAndTtlButNoToken() {
    Login login = new Login(new VaultToken(TOKEN), info(Duration.ofMinutes(20)));

    assertThat(login.toString()).isEqualTo("Login[accessor=accessor-login-1, ttl=PT20M]").doesNotContain(TOKEN);
  }

  @Test
  void tokenInfoToStringCarriesNoToken() {
    Login login = new Login(new VaultToken(TOKEN), info(Duration.ofMinutes(20)));

    assertThat(login.info().toString()).doesNotContain(TOKEN).contains("accessor-login-1");
  }

  @Test
  void tokenInfoHasNoTokenComponent() {
    assertThat(Arrays.stream(TokenInfo.class.getRecordComponents()).map(RecordComponent::getType))
      .doesNotContain(VaultToken.class);
    assertThat(Arrays.stream(TokenInfo.class.getRecordComponents()).map(RecordComponent::getName))
      .containsExactly("accessor", "ttl", "renewable", "period", "creationTtl");
  }

  @Test
  void tokenStatusHasNoTokenComponent() {
    assertThat(Arrays.stream(TokenStatus.class.getRecordComponents()).map(RecordComponent::getType))
      .doesNotContain(VaultToken.class);
  }

  @Test
  void tokenWithTtlExpiresAndRootTokenDoesNot() {
    assertThat(info(Duration.ofSeconds(1)).expires()).isTrue();
    assertThat(info(Duration.ZERO).expires()).isFalse();
  }

  @Test
  void tokenWithPeriodIsPeriodic() {
    TokenInfo periodic = new TokenInfo("accessor-p", Duration.ofHours(1), true, Duration.ofHours(1),
      Duration.ZERO);

    assertThat(periodic.periodic()).isTrue();
    assertThat(info(Duration.ofHours(1)).periodic()).isFalse();
  }

  private static TokenInfo info(Duration ttl) {
    return new TokenInfo("accessor-login-1", ttl, true, Duration.ZERO, ttl);
  }
}
