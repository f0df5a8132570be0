package dev.livesecrets.secrets;

import dev.livesecrets.certificates.CertificateEvent;
import dev.livesecrets.certificates.CertificateStatus;
import dev.livesecrets.certificates.ServerCertificate;
import dev.livesecrets.credentials.CredentialsEvent;
import dev.livesecrets.credentials.DbCredentials;
import dev.livesecrets.vault.VaultEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.util.List;

/**
 * Passes an immutable object through the local event bus as the very same instance: no copy, no
 * serialization. It refuses the wire on purpose, so a snapshot can never leave the process, even if
 * the service is one day run on a clustered event bus.
 */
public final class LocalObjectCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;

  private LocalObjectCodec(Class<T> type) {
    this.type = type;
  }

  /** Registers the codecs for the types the secrets verticle sends; a second call changes nothing. */
  public static void registerAll(Vertx vertx) {
    register(vertx, SecretSnapshot.class);
    register(vertx, SecretsStatus.class);
    register(vertx, DbCredentials.class);
    register(vertx, ServerCertificate.class);
    register(vertx, CertificateStatus.class);
    for (Class<?> events : List.of(SecretsEvent.class, VaultEvent.class, CredentialsEvent.class,
      CertificateEvent.class)) {
      registerFamily(vertx, events);
    }
  }

  /**
   * Registers the codec for every record of a sealed event family, for a layer above this one that
   * publishes its own events; a second call changes nothing.
   */
  public static void registerFamily(Vertx vertx, Class<?> sealedFamily) {
    for (Class<?> event : sealedFamily.getPermittedSubclasses()) {
      register(vertx, event);
    }
  }

  private static <T> void register(Vertx vertx, Class<T> type) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalObjectCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // A service deployed again on the same Vert.x instance (tests, dev restarts) reuses the codec.
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is local only and never serialized");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is local only and never serialized");
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return "local-" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
