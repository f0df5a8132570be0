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
  void currentVersionIsRead() {
    assertThat(KvMetadata.currentVersion(metadata("", false), SOURCE, NOW)).isEqualTo(OptionalLong.of(3));
  }

  @Test
  void missingMetadataHasNoVersion() {
    assertThat(KvMetadata.currentVersion(null, SOURCE, NOW)).isEmpty();
  }

  @Test
  void emptyMetadataHasNoVersion() {
    // What the store makes of a 404: the secret does not exist.
    assertThat(KvMetadata.currentVersion(new JsonObject(), SOURCE, NOW)).isEmpty();
  }

  @Test
  void zeroCurrentVersionHasNoVersion() {
    assertThat(KvMetadata.currentVersion(new JsonObject().put("current_version", 0), SOURCE, NOW)).isEmpty();
  }

  @Test
  void deletedCurrentVersionIsRejected() {
    SecretRejectedException e = rejected(metadata("2024-05-02T10:15:30.123456Z", false));

    assertThat(e.reason()).isEqualTo("current version is deleted");
    assertThat(e.keys()).isEmpty();
    assertThat(e.getMessage()).contains(SOURCE).contains("version 3");
  }

  @Test
  void versionWithAFutureDeletionTimeIsStillReadable() {
    // delete_version_after stamps every new version with a deletion time ahead of now.
    assertThat(KvMetadata.currentVersion(metadata("2024-06-01T01:00:00Z", false), SOURCE, NOW))
      .isEqualTo(OptionalLong.of(3));
  }

  @Test
  void destroyedCurrentVersionIsRejected() {
    SecretRejectedException e = rejected(metadata("", true));

    assertThat(e.reason()).isEqualTo("current version is destroyed");
    assertThat(e.getMessage()).contains(SOURCE).contains("version 3");
  }

  @Test
  void destroyedWinsOverDeleted() {
    assertThat(rejected(metadata("2024-05-02T10:15:30.123456Z", true)).reason())
      .isEqualTo("current version is destroyed");
  }

  @Test
  void deletedOlderVersionDoesNotMatter() {
    JsonObject metadata = metadata("", false);
    metadata.getJsonObject("versions").put("2", new JsonObject()
      .put("created_time", "2024-05-01T09:00:00.000000Z")
      .put("deletion_time", "2024-05-01T09:30:00.000000Z")
      .put("destroyed", true));

    assertThat(KvMetadata.currentVersion(metadata, SOURCE, NOW)).isEqualTo(OptionalLong.of(3));
  }

  /** The {@code data} of a KV v2 metadata answer whose current version is 3. */
  private static JsonObject metadata(String deletionTime, boolean destroyed) {
    return new JsonObject()
      .put("cas_required", false)
      .put("created_time", "2024-05-01T08:00:00.000000Z")
      .put("current_version", 3)
      .put("custom_metadata", null)
      .put("delete_version_after", "0s")
      .put("max_versions", 0)
      .put("oldest_version", 0)
      .put("updated_time", "2024-05-02T10:00:00.000000Z")
      .put("versions", new JsonObject()
        .put("1", new JsonObject()
          .put("created_time", "2024-05-01T08:00:00.000000Z")
          .put("deletion_time", "")
          .put("destroyed", false))
        .put("3", new JsonObject()
          .put("created_time", "2024-05-02T10:00:00.000000Z")
          .put("deletion_time", deletionTime)
          .put("destroyed", destroyed)));
  }

  private static SecretRejectedException rejected(JsonObject metadata) {
    SecretRejectedException e = catchThrowableOfType(SecretRejectedException.class,
      () -> KvMetadata.currentVersion(metadata, SOURCE, NOW));
    assertThat(e).as("a SecretRejectedException").isNotNull();
    return e;
  }
}
