package dev.livesecrets.secrets;

import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one read returned, unpacked from the config retriever's JSON but not yet validated.
 *
 * <p>{@code vertx-config-vault} hands back the secret's key/value pairs beside its own {@code vault-*}
 * lease entries; for KV v2 it unwraps {@code data.data} and drops {@code data.metadata}, version
 * included, so the version is taken from the same answer by the web client (see {@link SecretReader}).
 * A 404 (path missing, or current version deleted or destroyed) comes back from the store as an empty
 * object; {@link #isEmpty()} is then true, and the validator refuses it.
 *
 * @param values  the key/value pairs as read, possibly empty, never null
 * @param version the KV v2 version, when the source has one
 */
public record SecretRead(Map<String, Object> values, OptionalLong version) {

  public SecretRead {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Unpacks the store's JSON; {@code version} is empty for sources without versions. */
  public static SecretRead from(JsonObject json, OptionalLong version) {
    Map<String, Object> values = new LinkedHashMap<>(json == null ? Map.of() : json.getMap());
    // The Vault store adds its lease details beside the values; they are not secrets of ours.
    values.keySet().removeIf(k -> k.equals("vault-lease-id") || k.equals("vault-lease-duration")
      || k.equals("vault-renewable"));
    return new SecretRead(values, version);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** How logs and errors name the version. */
  public String versionLabel() {
    return version.isPresent() ? Long.toString(version.getAsLong()) : "unversioned";
  }

  @Override
  public String toString() {
    return "SecretRead[keys=" + values.keySet() + ", version=" + versionLabel() + "]";
  }
}
