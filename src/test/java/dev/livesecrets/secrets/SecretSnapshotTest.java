package dev.livesecrets.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretSnapshotTest {

  private static final String API_KEY = "sk-9e3c5a1f7b2d4e60";
  private static final String JWT_SECRET = "4c8a2e6f0b1d3f5a7c9e1b3d5f7a9c0e";
  private static final Map<String, String> VALUES = Map.of("jwt_secret", JWT_SECRET, "api_key", API_KEY,
    "database_url", "postgresql://app:pw-31d7@db:5432/app");
  private static final Instant LOADED_AT = Instant.parse("2024-05-02T10:00:00Z");

  @Test
  void toStringShowsSourceVersionAndKeysButNoValue() {
    String text = new SecretSnapshot(VALUES, 4, 9, "secret/live-secrets", LOADED_AT).toString();

    assertThat(text).contains("source=secret/live-secrets").contains("version=4").contains("sequence=9")
      .contains("keys=[api_key, database_url, jwt_secret]");
    VALUES.values().forEach(value -> assertThat(text).doesNotContain(value));
  }

  @Test
  void toStringShowsNoPreviousValue() {
    String oldApiKey = "sk-old-1d9c7e5a3b2f4061";
    String oldJwtSecret = "old-7e1c3a5f9b0d2e4a6c8f1b3d5a7c9e0f";
    SecretSnapshot snapshot = SecretSnapshot.replacing(VALUES, 5, 10, "secret/live-secrets", LOADED_AT, Map.of("api_key", oldApiKey, "jwt_secret", oldJwtSecret));

    String text = snapshot.toString();

    assertThat(text).doesNotContain(oldApiKey).doesNotContain(oldJwtSecret).doesNotContain("old-")
      .contains("keys=[api_key, database_url, jwt_secret]");
    VALUES.values().forEach(value -> assertThat(text).doesNotContain(value));
  }

  @Test
  void previousValueIsTheValueTheKeyHadBeforeThisSnapshot() {
    SecretSnapshot snapshot = SecretSnapshot.replacing(VALUES, 5, 10, "s", LOADED_AT, Map.of("api_key", "sk-old-value"));

    assertThat(snapshot.previousValue("api_key")).isEqualTo("sk-old-value");
    assertThat(snapshot.value("api_key")).isEqualTo(API_KEY);
  }

  @Test
  void previousValueOfAnUnchangedOrUnknownKeyIsNull() {
    SecretSnapshot snapshot = SecretSnapshot.replacing(VALUES, 5, 10, "s", LOADED_AT, Map.of("api_key", "sk-old-value"));

    assertThat(snapshot.previousValue("jwt_secret")).isNull();
    assertThat(snapshot.previousValue("nope")).isNull();
  }

  @Test
  void fiveArgumentConstructorGivesNoPreviousValues() {
    SecretSnapshot snapshot = new SecretSnapshot(VALUES, 4, 9, "s", LOADED_AT);

    assertThat(snapshot.previousValues()).isEmpty();
    assertThat(snapshot.previousValue("api_key")).isNull();
    assertThat(snapshot).isEqualTo(SecretSnapshot.replacing(VALUES, 4, 9, "s", LOADED_AT, Map.of()));
  }

  @Test
  void previousValuesAreCopiedAndUnmodifiable() {
    Map<String, String> previous = new HashMap<>(Map.of("api_key", "sk-old-value"));
    SecretSnapshot snapshot = SecretSnapshot.replacing(VALUES, 5, 10, "s", LOADED_AT, previous);

    previous.put("api_key", "changed");
    previous.put("jwt_secret", "added");

    assertThat(snapshot.previousValues()).containsOnlyKeys("api_key");
    assertThat(snapshot.previousValue("api_key")).isEqualTo("sk-old-value");
    assertThat(snapshot.replacedAt("api_key")).isEqualTo(LOADED_AT);
    assertThatThrownBy(() -> snapshot.previousValues().put("x", new ReplacedValue("y", LOADED_AT)))
      .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void previousValuesDoNotChangeSameContent() {
    SecretSnapshot without = new SecretSnapshot(VALUES, 4, 1, "s", LOADED_AT);
    SecretSnapshot with = SecretSnapshot.replacing(VALUES, 4, 2, "s", LOADED_AT, Map.of("api_key", "sk-old-value"));

    assertThat(with.sameContentAs(without)).isTrue();
  }

  @Test
  void valuesAreUnmodifiable() {
    SecretSnapshot snapshot = new SecretSnapshot(VALUES, 4, 9, "secret/live-secrets", LOADED_AT);

    assertThatThrownBy(() -> snapshot.values().put("api_key", "other"))
      .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void valuesAreCopiedFromTheCallersMap() {
    Map<String, String> values = new HashMap<>(VALUES);
    SecretSnapshot snapshot = new SecretSnapshot(values, 4, 9, "secret/live-secrets", LOADED_AT);

    values.put("api_key", "changed");
    values.put("extra", "x");

    assertThat(snapshot.value("api_key")).isEqualTo(API_KEY);
    assertThat(snapshot.values()).doesNotContainKey("extra");
  }

  @Test
  void valueOfAnUnknownKeyIsNull() {
    assertThat(new SecretSnapshot(VALUES, 4, 9, "s", LOADED_AT).value("nope")).isNull();
  }

  @Test
  void keyNamesAreSorted() {
    assertThat(new SecretSnapshot(VALUES, 4, 9, "s", LOADED_AT).keyNames())
      .containsExactly("api_key", "database_url", "jwt_secret");
  }

  @Test
  void sameValuesAndVersionIsSameContentWhateverSequenceAndTime() {
    SecretSnapshot first = new SecretSnapshot(VALUES, 4, 1, "secret/live-secrets", LOADED_AT);
    SecretSnapshot later = new SecretSnapshot(new HashMap<>(VALUES), 4, 2, "secret/live-secrets",
      LOADED_AT.plusSeconds(5));

    assertThat(first.sameContentAs(later)).isTrue();
    assertThat(later.sameContentAs(first)).isTrue();
  }

  @Test
  void otherVersionIsNotSameContent() {
    SecretSnapshot first = new SecretSnapshot(VALUES, 4, 1, "s", LOADED_AT);

    assertThat(first.sameContentAs(new SecretSnapshot(VALUES, 5, 2, "s", LOADED_AT))).isFalse();
  }

  @Test
  void otherValueIsNotSameContent() {
    Map<String, String> rotated = new HashMap<>(VALUES);
    rotated.put("api_key", "sk-rotated-0001");
    SecretSnapshot first = new SecretSnapshot(VALUES, 4, 1, "s", LOADED_AT);

    assertThat(first.sameContentAs(new SecretSnapshot(rotated, 4, 2, "s", LOADED_AT))).isFalse();
  }

  @Test
  void nothingIsSameContentAsNull() {
    assertThat(new SecretSnapshot(VALUES, 4, 1, "s", LOADED_AT).sameContentAs(null)).isFalse();
  }
}
