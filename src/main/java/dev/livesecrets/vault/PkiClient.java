package dev.livesecrets.vault;

import dev.livesecrets.config.ServerTlsSettings;
import dev.livesecrets.config.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;

/**
 * The one Vault call of the service's own certificate: {@code POST <mount>/issue/<role>} for the common name, the
 * alt names and the TTL of the settings, with the key asked for as PKCS#8. PKI certificates carry no lease: a new
 * one is issued each time. Failures are {@link VaultRequestException}s naming operation, path and status, never the
 * body (which holds the private key). Event loop of the owner.
 */
public final class PkiClient {

  private static final String HEADER = "X-Vault-Token";
  private static final String OPERATION = "certificate issue";

  private final WebClient client;
  private final ServerTlsSettings tls;
  private final String path;

  public PkiClient(WebClient client, ServerTlsSettings tls) {
    this.client = client;
    this.tls = tls;
    this.path = "/v1/" + tls.issuePath();
  }

  public Future<IssuedCertificate> issue(VaultToken token) {
    JsonObject request = new JsonObject()
      .put("common_name", tls.commonName())
      .put("ttl", tls.ttl())
      .put("format", "pem")
      .put("private_key_format", "pkcs8");
    if (!tls.dnsNames().isEmpty()) {
      request.put("alt_names", String.join(",", tls.dnsNames()));
    }
    if (!tls.ipAddresses().isEmpty()) {
      request.put("ip_sans", String.join(",", tls.ipAddresses()));
    }
    return VaultTokenClient.answer(OPERATION, path, client.post(path).putHeader(HEADER, token.value())
      .sendJsonObject(request), body -> read(body.getJsonObject("data", new JsonObject())));
  }

  private IssuedCertificate read(JsonObject data) {
    String certificate = data.getString("certificate");
    String key = data.getString("private_key");
    String serial = data.getString("serial_number", "unknown");
    if (certificate == null || key == null) {
      throw new VaultRequestException(OPERATION, path, FailureCause.BAD_ANSWER,
        "the answer holds no certificate or private key");
    }
    List<String> chain = new ArrayList<>();
    JsonArray caChain = data.getJsonArray("ca_chain");
    if (caChain != null) {
      caChain.forEach(ca -> chain.add(String.valueOf(ca)));
    } else if (data.getString("issuing_ca") != null) {
      chain.add(data.getString("issuing_ca"));
    }
    return new IssuedCertificate(serial, certificate, chain, key);
  }
}
