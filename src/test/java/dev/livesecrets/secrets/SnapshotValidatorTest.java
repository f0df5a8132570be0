package dev.livesecrets.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SnapshotValidatorTest {

  private static final String SOURCE = "secret/live-secrets";
  private static final String API_KEY = "sk-7d1f0c66a3b94e21";
  private static final String JWT_SECRET = "0f5a8c3e9b2d47e1a6c0d9f8e7b6a5c4";
  private static final String DATABASE_URL = "postgresql://app:pw-5c2e91@db:5432/app";

  private final SnapshotValidator validator = new SnapshotValidator(List.of("database_url", "api_key", "jwt_secret"));

  @Test
  void completeReadGivesAllItsValues() {
    Map<String, String> values = validator.validate(read(complete()), SOURCE, "4");

    assertThat(values).isEqualTo(complete());
  }

  @Test
  void emptyReadIsRejected() {
    SecretRejectedException e = rejected(Map.of());

    assertThat(e.reason()).startsWith("no secret found");
    assertThat(e.keys()).isEmpty();
    assertThat(e.getMessage()).contains(SOURCE).contains("version 4");
  }

  @Test
  void missingKeysAreRejectedNamingExactlyThoseKeys() {
    Map<String, Object> values = complete();
    values.remove("api_key");
    values.remove("database_url");

    SecretRejectedException e = rejected(values);

    assertThat(e.reason()).isEqualTo("missing required keys");
    assertThat(e.keys()).containsExactly("database_url", "api_key");
    assertThat(e.getMessage()).contains("[database_url, api_key]").doesNotContain("jwt_secret");
  }

  @Test
  void nullValueCountsAsMissing() {
    Map<String, Object> values = complete();
    values.put("jwt_secret", null);

    SecretRejectedException e = rejected(values);

    assertThat(e.reason()).isEqualTo("missing required keys");
    assertThat(e.keys()).containsExactly("jwt_secret");
  }

  @Test
  void nonStringValuesAreRejectedNamingTheKeys() {
    Map<String, Object> values = complete();
    values.put("api_key", 12345);
    values.put("jwt_secret", Map.of("nested", JWT_SECRET));

    SecretRejectedException e = rejected(values);

    assertThat(e.reason()).isEqualTo("required keys are not strings");
    assertThat(e.keys()).containsExactly("api_key", "jwt_secret");
  }

  @Test
  void blankValuesAreRejectedNamingTheKeys() {
    Map<String, Object> values = complete();
    values.put("api_key", "");
    values.put("database_url", "  \t");

    SecretRejectedException e = rejected(values);

    assertThat(e.reason()).isEqualTo("required keys are empty");
    assertThat(e.keys()).containsExactly("database_url", "api_key");
  }

  @Test
  void extraStringKeysAreKept() {
    Map<String, Object> values = complete();
    values.put("feature_flag_key", "ff-123");

    assertThat(validator.validate(read(values), SOURCE, "4")).containsEntry("feature_flag_key", "ff-123");
  }

  @Test
  void extraNonStringKeysAreDropped() {
    Map<String, Object> values = complete();
    values.put("max_connections", 10);
    values.put("enabled", true);
    values.put("nested", Map.of("a", "b"));

    assertThat(validator.validate(read(values), SOURCE, "4")).containsOnlyKeys("database_url", "api_key", "jwt_secret");
  }

  @Test
  void messageNeverContainsAValue() {
    Map<String, Object> missing = complete();
    missing.remove("api_key");
    Map<String, Object> notString = complete();
    notString.put("api_key", 987654321);
    Map<String, Object> blank = complete();
    blank.put("api_key", " ");

    for (Map<String, Object> values : List.of(missing, notString, blank)) {
      assertThat(rejected(values).getMessage())
        .doesNotContain(API_KEY).doesNotContain(JWT_SECRET).doesNotContain(DATABASE_URL).doesNotContain("987654321");
    }
  }

  @Test
  void valueFailingItsCheckIsRejectedNamingTheKeyAndTheProblem() {
    String shortSecret = "jwt-too-short-8d2c";
    Map<String, Object> values = complete();
    values.put("jwt_secret", shortSecret);

    SecretRejectedException e = rejected(values);

    assertThat(e.reason()).startsWith("values fail their checks")
      .isEqualTo("values fail their checks (jwt_secret shorter than 32 bytes)");
    assertThat(e.keys()).containsExactly("jwt_secret");
    assertThat(e.getMessage()).contains(SOURCE).contains("version 4").contains("jwt_secret shorter than 32 bytes")
      .doesNotContain(shortSecret);
  }

  @Test
  void everyValueFailingItsCheckIsNamedAndOnlyThose() {
    String badApiKey = "sk-has space-4e1f";
    String badUrl = "db-host-71c3:5432";
    Map<String, Object> values = complete();
    values.put("api_key", badApiKey);
    values.put("database_url", badUrl);

    SecretRejectedException e = rejected(values);

    assertThat(e.reason()).startsWith("values fail their checks (")
      .contains("database_url not a URL with a scheme and a host")
      .contains("api_key not at least 16 visible ASCII characters")
      .doesNotContain("jwt_secret");
    assertThat(e.keys()).containsExactlyInAnyOrder("database_url", "api_key");
    assertThat(e.getMessage()).doesNotContain(badApiKey).doesNotContain(badUrl).doesNotContain("4e1f")
      .doesNotContain("71c3").doesNotContain(JWT_SECRET);
  }

  @Test
  void optionalKeyWithACheckIsCheckedToo() {
    SnapshotValidator apiOnly = new SnapshotValidator(List.of("api_key", "jwt_secret"));
    String badUrl = "not a url 5f0e";

    SecretRejectedException e = catchThrowableOfType(SecretRejectedException.class,
      () -> apiOnly.validate(read(Map.of("api_key", API_KEY, "jwt_secret", JWT_SECRET, "database_url", badUrl)),
        SOURCE, "4"));

    assertThat(e).as("a SecretRejectedException").isNotNull();
    assertThat(e.reason()).isEqualTo("values fail their checks (database_url not a parseable URL)");
    assertThat(e.keys()).containsExactly("database_url");
    assertThat(e.getMessage()).doesNotContain(badUrl);
  }

  @Test
  void missingKeysAreReportedBeforeValueChecks() {
    Map<String, Object> values = complete();
    values.remove("api_key");
    values.put("jwt_secret", "too-short");

    SecretRejectedException e = rejected(values);

    assertThat(e.reason()).isEqualTo("missing required keys");
    assertThat(e.keys()).containsExactly("api_key");
  }

  @Test
  void validatorKeepsItsOwnCopyOfTheRequiredKeys() {
    List<String> keys = new ArrayList<>(List.of("api_key"));
    SnapshotValidator copying = new SnapshotValidator(keys);
    keys.add("not_there");

    assertThat(copying.validate(read(Map.of("api_key", API_KEY)), SOURCE, "1")).containsOnlyKeys("api_key");
  }

  private SecretRejectedException rejected(Map<String, Object> values) {
    SecretRejectedException e = catchThrowableOfType(SecretRejectedException.class,
      () -> validator.validate(read(values), SOURCE, "4"));
    assertThat(e).as("a SecretRejectedException").isNotNull();
    return e;
  }

  private static SecretRead read(Map<String, ?> values) {
    return new SecretRead(new LinkedHashMap<String, Object>(values), OptionalLong.of(4));
  }

  private static Map<String, Object> complete() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("database_url", DATABASE_URL);
    values.put("api_key", API_KEY);
    values.put("jwt_secret", JWT_SECRET);
    return values;
  }
}
