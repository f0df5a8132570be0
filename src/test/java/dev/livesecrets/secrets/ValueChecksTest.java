package dev.livesecrets.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueChecksTest {

  private static final String API_KEY = "sk-0123456789abcdef0123456789abcdef";
  private static final String JWT_SECRET = "c3f1a9e7b5d2048e6a1c9f3b7d5e2a04";
  private static final String DATABASE_URL = "postgresql://u:p@db:5432/app";

  @Test
  void validValuesHaveNoProblems() {
    assertThat(ValueChecks.problems(Map.of("jwt_secret", JWT_SECRET, "api_key", API_KEY,
      "database_url", DATABASE_URL))).isEmpty();
  }

  @Test
  void noValuesHaveNoProblems() {
    assertThat(ValueChecks.problems(Map.of())).isEmpty();
  }

  @Test
  void jwtSecretShorterThan32BytesIsAProblem() {
    assertThat(ValueChecks.problems(Map.of("jwt_secret", "a".repeat(31))))
      .containsExactly(Map.entry("jwt_secret", "shorter than 32 bytes"));
  }

  @Test
  void jwtSecretOfExactly32BytesIsFine() {
    assertThat(ValueChecks.problems(Map.of("jwt_secret", "a".repeat(32)))).isEmpty();
  }

  @Test
  void jwtSecretLengthCountsUtf8BytesNotCharacters() {
    // 'é' is two bytes in UTF-8, '€' three: 16 and 11 characters reach 32 bytes, 10 '€' plus one 'a' do not.
    String sixteenAccents = "\u00e9".repeat(16);
    String elevenEuros = "\u20ac".repeat(11);
    String thirtyOneBytes = "\u20ac".repeat(10) + "a";
    assertThat(thirtyOneBytes.getBytes(StandardCharsets.UTF_8)).hasSize(31);

    assertThat(ValueChecks.problems(Map.of("jwt_secret", sixteenAccents))).isEmpty();
    assertThat(ValueChecks.problems(Map.of("jwt_secret", elevenEuros))).isEmpty();
    assertThat(ValueChecks.problems(Map.of("jwt_secret", thirtyOneBytes)))
      .containsEntry("jwt_secret", "shorter than 32 bytes");
  }

  @Test
  void apiKeyOfSixteenVisibleAsciiCharactersIsFine() {
    assertThat(ValueChecks.problems(Map.of("api_key", "!~0123456789abcd"))).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badApiKeys")
  void apiKeyThatCannotTravelInAHeaderIsAProblem(String description, String apiKey) {
    assertThat(ValueChecks.problems(Map.of("api_key", apiKey)))
      .containsExactly(Map.entry("api_key", "not at least 16 visible ASCII characters"));
  }

  static Stream<Arguments> badApiKeys() {
    String base = "sk-0123456789abcdef";
    return Stream.of(
      Arguments.of("15 characters", "sk-0123456789ab"),
      Arguments.of("one character", "x"),
      Arguments.of("a space", "sk-01234567 89abcdef"),
      Arguments.of("a leading space", " " + base),
      Arguments.of("a tab", base + "\t"),
      Arguments.of("a newline", base + "\n"),
      Arguments.of("a carriage return", "sk-0123\r456789abcdef"),
      Arguments.of("NUL", base + "\u0000"),
      Arguments.of("DEL", base + "\u007f"),
      Arguments.of("a non-ASCII letter", base + "\u00e9"),
      Arguments.of("a non-breaking space", "sk-01234567\u00a089abcdef"),
      Arguments.of("an emoji", base + "\ud83d\udd11"),
      Arguments.of("16 non-ASCII characters", "\u00e9".repeat(16)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "postgresql://u:p@db:5432/app",
    "postgresql://db/app",
    "mysql://app@10.0.0.7:3306/app?ssl=true",
    "postgresql://[::1]:5432/app",
    "postgresql://db_primary:5432/app",
    "jdbc:postgresql://db:5432/app"})
  void databaseUrlWithASchemeAndAHostIsFine(String url) {
    assertThat(ValueChecks.problems(Map.of("database_url", url))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"db:5432", "localhost", "/var/run/postgresql", "mailto:dba@example.com", "app",
    "postgresql:///app", "postgresql://:5432/app", "postgresql://u:p@/app", "postgresql://@", "jdbc:db:5432"})
  void databaseUrlWithoutASchemeOrAHostIsAProblem(String url) {
    assertThat(ValueChecks.problems(Map.of("database_url", url)))
      .containsExactly(Map.entry("database_url", "not a URL with a scheme and a host"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "postgresql://u:p@db:5432/my app", "postgresql://db:5432/app name",
    "postgresql://", "postgresql://db:5432/%zz"})
  void databaseUrlThatDoesNotParseIsAProblem(String url) {
    assertThat(ValueChecks.problems(Map.of("database_url", url)))
      .containsExactly(Map.entry("database_url", "not a parseable URL"));
  }

  @Test
  void keysWithoutChecksAreIgnored() {
    assertThat(ValueChecks.problems(Map.of("feature_flag_key", "x", "other", "", "Api_Key", " "))).isEmpty();
  }

  @Test
  void everyFailingKeyIsReportedInTheOrderOfTheValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("database_url", "db:5432");
    values.put("feature_flag_key", "x");
    values.put("api_key", "short");
    values.put("jwt_secret", "short");

    assertThat(ValueChecks.problems(values)).containsExactly(
      Map.entry("database_url", "not a URL with a scheme and a host"),
      Map.entry("api_key", "not at least 16 visible ASCII characters"),
      Map.entry("jwt_secret", "shorter than 32 bytes"));
  }

  @Test
  void onlyTheFailingKeyIsReported() {
    assertThat(ValueChecks.problems(Map.of("jwt_secret", JWT_SECRET, "api_key", "sk-short",
      "database_url", DATABASE_URL))).containsOnlyKeys("api_key");
  }

  @Test
  void noProblemTextContainsTheValue() {
    String jwt = "jwt-31-bytes-secret-7f3a9c1e5b2";
    String apiKey = "sk-with space-9f8e7d6c";
    String unparseable = "postgresql://app:pw 7c1e@db:5432/app";
    String hostless = "pw-4b2e9c7a:5432";
    Map<String, String> values = Map.of("jwt_secret", jwt, "api_key", apiKey, "database_url", unparseable);

    Map<String, String> problems = ValueChecks.problems(values);
    Map<String, String> hostlessProblems = ValueChecks.problems(Map.of("database_url", hostless));

    assertThat(problems).hasSize(3);
    assertThat(hostlessProblems).hasSize(1);
    Stream.concat(problems.values().stream(), hostlessProblems.values().stream()).forEach(problem -> {
      assertThat(problem).doesNotContain(jwt).doesNotContain(apiKey).doesNotContain(unparseable)
        .doesNotContain(hostless).doesNotContain("pw").doesNotContain("7c1e").doesNotContain("4b2e9c7a");
    });
  }
}
