package dev.livesecrets.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SecretReadTest {

  private static final String API_KEY = "sk-2b9f6e0d4c1a8e77";

  @Test
  void storeLeaseEntriesAreRemoved() {
    JsonObject json = new JsonObject()
      .put("api_key", API_KEY)
      .put("vault-lease-id", "")
      .put("vault-lease-duration", 2764800)
      .put("vault-renewable", false);

    SecretRead read = SecretRead.from(json, OptionalLong.of(3));

    assertThat(read.values()).containsOnlyKeys("api_key").containsEntry("api_key", API_KEY);
  }

  @Test
  void onlyLeaseEntriesMakeAnEmptyRead() {
    JsonObject json = new JsonObject()
      .put("vault-lease-id", "")
      .put("vault-lease-duration", 0)
      .put("vault-renewable", false);

    assertThat(SecretRead.from(json, OptionalLong.empty()).isEmpty()).isTrue();
  }

  @Test
  void otherVaultLookingKeysAreKept() {
    JsonObject json = new JsonObject().put("vault-addr-hint", "x").put("vault-lease-id-2", "y");

    assertThat(SecretRead.from(json, OptionalLong.empty()).values()).containsOnlyKeys("vault-addr-hint", "vault-lease-id-2");
  }

  @Test
  void nullJsonIsAnEmptyRead() {
    SecretRead read = SecretRead.from(null, OptionalLong.empty());

    assertThat(read.isEmpty()).isTrue();
    assertThat(read.values()).isEmpty();
  }

  @Test
  void emptyJsonIsAnEmptyRead() {
    assertThat(SecretRead.from(new JsonObject(), OptionalLong.of(2)).isEmpty()).isTrue();
  }

  @Test
  void readDoesNotChangeTheStoreJson() {
    JsonObject json = new JsonObject().put("api_key", API_KEY).put("vault-lease-id", "");

    SecretRead read = SecretRead.from(json, OptionalLong.empty());
    json.put("api_key", "changed");

    assertThat(json.containsKey("vault-lease-id")).isTrue();
    assertThat(read.values()).containsEntry("api_key", API_KEY);
  }

  @Test
  void valuesAreUnmodifiable() {
    SecretRead read = SecretRead.from(new JsonObject().put("api_key", API_KEY), OptionalLong.empty());

    assertThatThrownBy(() -> read.values().put("api_key", "other")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void versionLabelIsTheNumberOrUnversioned() {
    assertThat(SecretRead.from(new JsonObject(), OptionalLong.of(7)).versionLabel()).isEqualTo("7");
    assertThat(SecretRead.from(new JsonObject(), OptionalLong.empty()).versionLabel()).isEqualTo("unversioned");
  }

  @Test
  void toStringNamesKeysAndVersionButNoValue() {
    SecretRead read = SecretRead.from(new JsonObject().put("api_key", API_KEY).put("vault-lease-id", "lease-77"),
      OptionalLong.of(7));

    assertThat(read.toString()).contains("api_key").contains("7").doesNotContain(API_KEY).doesNotContain("lease-77");
  }
}
