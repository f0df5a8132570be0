package dev.livesecrets.support;

import dev.livesecrets.devvault.VaultServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A PKI engine of its own on the test's Vault server: mounted at {@code pki-<random>}, with a root CA (EC keys, so
 * issues are quick) and roles the test sets. Failures name the operation and the status, never the body (it holds
 * keys). Test threads only.
 */
public final class PkiFixture {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(10)).build();
  private final String address;
  private final String token;
  private final String mount;
  private String caPem;

  private PkiFixture(VaultServer vault) {
    this.address = vault.address().replaceAll("/+$", "");
    this.token = vault.token();
    this.mount = "pki-" + SecretValues.hex(4);
  }

  /** Mounts the engine and generates its root CA (valid 2 h). */
  public static PkiFixture mount(VaultServer vault) {
    PkiFixture pki = new PkiFixture(vault);
    pki.call("enable PKI", "sys/mounts/" + pki.mount, new JsonObject().put("type", "pki")
      .put("config", new JsonObject().put("max_lease_ttl", "2h")));
    JsonObject root = pki.call("generate root", pki.mount + "/root/generate/internal", new JsonObject()
      .put("common_name", "live-secrets test root " + pki.mount).put("ttl", "2h").put("key_type", "ec"));
    pki.caPem = root.getJsonObject("data").getString("certificate");
    return pki;
  }

  /** Creates or replaces role {@code name}: any name, EC keys, up to 1 h, backdated 5 s, plus {@code options}. */
  public void role(String name, JsonObject options) {
    JsonObject body = new JsonObject().put("allow_any_name", true).put("enforce_hostnames", false)
      .put("allow_ip_sans", true).put("key_type", "ec").put("max_ttl", "1h").put("not_before_duration", "5s")
      .mergeIn(options);
    call("write role", mount + "/roles/" + name, body);
  }

  /** Issues a certificate directly (as an operator would for files), answering Vault's {@code data}. */
  public JsonObject issue(String role, JsonObject request) {
    return call("issue", mount + "/issue/" + role, request.copy().put("private_key_format", "pkcs8"))
      .getJsonObject("data");
  }

  public String mount() {
    return mount;
  }

  /** The root CA, PEM: the only thing a client of the service needs to trust. */
  public String caPem() {
    return caPem;
  }

  private JsonObject call(String operation, String path, JsonObject body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
      .timeout(Duration.ofSeconds(20))
      .header("X-Vault-Token", token)
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new AssertionError(operation + " at " + path + " answered HTTP " + response.statusCode());
      }
      return response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError(operation + " at " + path + " failed: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
