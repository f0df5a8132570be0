package dev.livesecrets.secrets;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;

@VaultIntegrationTest
class KvVersionOneIT {

  @Test
  void kvVersionOneSecretsLoadAndRotateWithARevisionCountedByTheService(Vertx vertx, VaultServer vault) {
    String mount = "kv1-" + SecretValues.hex(4);
    try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault,
      Map.of("VAULT_MOUNT_POINT", mount, "VAULT_KV_VERSION", "1", "HTTP_INSTANCES", "2"))) {
      sut.admin().enableKv(mount, 1);
      Map<String, String> first = SecretValues.fresh();
      sut.admin().kvPutV1(mount, sut.path(), first);
      sut.remember(first);
      sut.deploy();

      // A cold first read can overrun its timeout on a loaded machine; the retry then loads it.
      sut.awaitEveryInstance(Duration.ofSeconds(10), "KV v1 first revision loaded", () -> sut.hello(first.get("api_key")),
        r -> r.statusCode() == 200 && "1".equals(r.getHeader("X-Secret-Version")));

      Map<String, String> second = SecretValues.rotated(first, "api_key");
      sut.admin().kvPutV1(mount, sut.path(), second);
      sut.remember(second);
      sut.awaitEveryInstance(Duration.ofSeconds(10), "KV v1 rotation applied", () -> sut.hello(second.get("api_key")),
        r -> r.statusCode() == 200 && "2".equals(r.getHeader("X-Secret-Version")));
      assertStatus(sut.hello(first.get("api_key")), 401);
    }
  }
}
