package dev.livesecrets.support;

import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an integration test that runs against a real Vault-API server: a {@code VaultServer} parameter
 * is resolved by {@link DevVaultExtension}, a {@code Vertx} one by vertx-junit5, every log line
 * the test produces is captured by {@link LogCapture}, and after the class {@link LeakGuardExtension}
 * checks that no secret the tests seeded or made shows in a log line or an HTTP response.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("vault")
@ExtendWith({VertxExtension.class, DevVaultExtension.class, LeakGuardExtension.class})
public @interface VaultIntegrationTest {
}
