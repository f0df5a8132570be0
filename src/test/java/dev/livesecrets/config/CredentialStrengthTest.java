package dev.livesecrets.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialStrengthTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest
  @ValueSource(strings = {
    "aaaaaaaaaaaaaaaaaaaaaaaa",
    "abababababababababababababababababababab",
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789abcdef0123456789abcdef",
    "Password1234!Password1234!",
    "admin-admin-admin-admin-admin-",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx!"})
  void repeatedSequentialOrRepeatingValuesAreTooWeakHoweverLong(String value) {
    assertThat(CredentialStrength.estimatedBits(value)).as(value).isLessThan(CredentialStrength.MIN_BITS);
  }

  @Test
  void randomValuesOfCommonGeneratorsAreStrongEnough() {
    for (int i = 0; i < 200; i++) {
      String hex64 = HexFormat.of().formatHex(bytes(32));
      String base64 = Base64.getEncoder().encodeToString(bytes(24));
      String uuid = UUID.randomUUID().toString();
      assertThat(CredentialStrength.strongEnough(hex64)).as("openssl rand -hex 32").isTrue();
      assertThat(CredentialStrength.strongEnough(base64)).as("openssl rand -base64 24").isTrue();
      assertThat(CredentialStrength.strongEnough(uuid)).as("a random UUID").isTrue();
    }
  }

  @Test
  void equalSequentialAndRepeatedCharactersCountForNothing() {
    // Hex, 4 bits a character: a repeated 'a' tells nothing, nor does 'c' or 'd' in a run, nor what
    // repeats three characters seen before.
    assertThat(CredentialStrength.estimatedBits("aaaa0f")).isEqualTo(12.0);
    assertThat(CredentialStrength.estimatedBits("abcd")).isEqualTo(8.0);
    assertThat(CredentialStrength.estimatedBits("a0fa0fa0f")).isEqualTo(20.0);
  }

  @Test
  void theAlphabetIsTheSpanOfTheCharacterClassesUsed() {
    assertThat(CredentialStrength.estimatedBits("ag")).isEqualTo(2 * Math.log(26) / Math.log(2));
    assertThat(CredentialStrength.estimatedBits("aG")).isEqualTo(2 * Math.log(52) / Math.log(2));
    assertThat(CredentialStrength.estimatedBits("aG5!")).isEqualTo(4 * Math.log(95) / Math.log(2));
  }

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
