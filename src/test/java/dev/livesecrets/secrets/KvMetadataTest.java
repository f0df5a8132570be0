package dev.livesecrets.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KvMetadataTest {

  private static final String SOURCE = "secret/live-secrets";
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

  @Test
  void theAnswersVersionIsRead() {
    assertThat(KvMetadata.version(metadata("", false), SOURCE, NOW)).isEqualTo(OptionalLong.of(3));
  }

  @Test
  void noMetadataHasNoVersion() {
    // No answer carried metadata: a 404 for a path that does not exist.
    assertThat(KvMetadata.version(null, SOURCE, NOW)).isEmpty();
  }

  @Test
  void metadataWithoutAVersionHasNoVersion() {
    assertThat(KvMetadata.version(new JsonObject(), SOURCE, NOW)).isEmpty();
    assertThat(KvMetadata.version(new JsonObject().put("version", 0), SOURCE, NOW)).isEmpty();
  }

  @Test
  void deletedVersionIsRejected() {
    SecretRejectedException e = rejected(metadata("2024-05-02T10:15:30.123456Z", false));

    assertThat(e.reason()).isEqualTo("current version is deleted");
    assertThat(e.keys()).isEmpty();
    assertThat(e.getMessage()).contains(SOURCE).contains("version 3");
  }

  @Test
  void versionWithAFutureDeletionTimeIsStillReadable() {
    // delete_version_after stamps every new version with a deletion time ahead of now.
    assertThat(KvMetadata.version(metadata("2024-06-01T01:00:00Z", false), SOURCE, NOW))
      .isEqualTo(OptionalLong.of(3));
  }

  @Test
  void unreadableDeletionTimeCountsAsDeleted() {
    assertThat(rejected(metadata("yesterday", false)).reason()).isEqualTo("current version is deleted");
  }

  @Test
  void destroyedVersionIsRejected() {
    SecretRejectedException e = rejected(metadata("", true));

    assertThat(e.reason()).isEqualTo("current version is destroyed");
    assertThat(e.getMessage()).contains(SOURCE).contains("version 3");
  }

  @Test
  void destroyedWinsOverDeleted() {
    assertThat(rejected(metadata("2024-05-02T10:15:30.123456Z", true)).reason())
      .isEqualTo("current version is destroyed");
  }

  /** The {@code data.metadata} of a KV v2 data answer for version 3, as Vault sends it. */
  private static JsonObject metadata(String deletionTime, boolean destroyed) {
    return new JsonObject()
      .put("created_time", "2024-05-02T10:00:00.000000Z")
      .put("custom_metadata", null)
      .put("deletion_time", deletionTime)
      .put("destroyed", destroyed)
      .put("version", 3);
  }

  private static SecretRejectedException rejected(JsonObject metadata) {
    SecretRejectedException e = catchThrowableOfType(SecretRejectedException.class,
      () -> KvMetadata.version(metadata, SOURCE, NOW));
    assertThat(e).as("a SecretRejectedException").isNotNull();
    return e;
  }
}
