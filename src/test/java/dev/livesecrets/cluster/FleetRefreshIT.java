package dev.livesecrets.cluster;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.EveryInstance;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceProcess;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three service processes (the fat jar) clustered with Hazelcast on loopback, each with 2 HTTP instances and a
 * 60 s refresh period: one fleet refresh call after a rotation answers once all 6 instances hold it, long before
 * any periodic read, and says so member by member; with one member killed, the survivors still get the signal.
 */
@VaultIntegrationTest
class FleetRefreshIT {

  private static final int MEMBERS = 3;
  private static final int ROTATIONS = 20;
  /** One request's limit: a member that does not answer one is asked again, not waited on for a minute. */
  private static final long REQUEST_TIMEOUT_MS = 2_000;
  private static final int LOG_TAIL_LINES = 40;

  @Test
  void aFleetRefreshReachesEveryInstanceOfEveryMemberAndTheSurvivorsOfAKilledOne(Vertx vertx, VaultServer vault,
                                                                                @TempDir Path dir) {
    String path = ServiceUnderTest.newPath();
    VaultAdmin admin = new VaultAdmin(vault.address(), vault.token());
    Map<String, String> values = SecretValues.fresh();
    admin.kvPut("secret", path, values);
    String adminToken = SecretValues.hex(16);
    List<Integer> httpPorts = new ArrayList<>();
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      httpPorts.add(FreePorts.pick());
      clusterPorts.add(FreePorts.pick());
    }
    String members = clusterPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    String clusterName = "it-" + SecretValues.hex(4);
    List<ServiceProcess> fleet = new ArrayList<>();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false)); // each request a new
    // connection, so the accepting HTTP instance rotates
    try {
      for (int i = 0; i < MEMBERS; i++) {
        Map<String, String> env = new HashMap<>(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.token(),
          "VAULT_SECRET_PATH", path, "HTTP_HOST", "127.0.0.1", "HTTP_PORT", httpPorts.get(i).toString(),
          "HTTP_INSTANCES", "2", "SECRETS_REFRESH_PERIOD_MS", "60000", "ADMIN_TOKEN", adminToken));
        env.putAll(Map.of("CLUSTER_ENABLED", "true", "CLUSTER_NAME", clusterName, "CLUSTER_HOST", "127.0.0.1",
          "CLUSTER_PORT", clusterPorts.get(i).toString(), "CLUSTER_MEMBERS", members));
        fleet.add(ServiceProcess.start(env, dir.resolve("member-" + i + ".log"), "-Xmx128m", "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1"));
      }
      for (int i = 0; i < MEMBERS; i++) {
        int port = httpPorts.get(i);
        ServiceProcess member = fleet.get(i);
        Await.until(Duration.ofSeconds(90), "member " + i + " ready", () -> {
          assertThat(member.alive()).as("member %d alive; its output:%n%s", port, member.output()).isTrue();
          return ready(client, port);
        });
      }
      Await.until(Duration.ofSeconds(30), "three members in the cluster", () ->
        fleet.get(0).output().contains("Members {size:3"));

      List<Long> millis = new ArrayList<>();
      for (int r = 0; r < ROTATIONS; r++) {
        values = SecretValues.rotated(values, "database_url");
        try {
          millis.add(rotateAndReach(client, admin, path, values, adminToken, httpPorts, true));
        } catch (AssertionError notReached) {
          throw new AssertionError("rotation " + r + ": " + notReached.getMessage() + logTails(fleet), notReached);
        }
      }
      List<Long> sorted = millis.stream().sorted().toList();
      System.out.printf("fleet refresh, %d members x 2 instances, %d rotations: write to the answer (every instance "
          + "of every member holding it) p50 %d ms, p99 %d ms, max %d ms%n", MEMBERS, ROTATIONS,
        percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));

      fleet.get(2).kill();
      values = SecretValues.rotated(values, "database_url");
      // Until the cluster notices, the killed member may still count as listening: the answer then waits its limit
      // and says it is not complete, but the survivors hold the version all the same.
      long survivors = rotateAndReach(client, admin, path, values, adminToken, httpPorts.subList(0, 2), false);
      System.out.printf("with member 2 killed, the rotation reached both survivors in %d ms%n", survivors);

      for (ServiceProcess member : fleet) {
        String output = member.output();
        for (String secret : List.of(vault.token(), adminToken, values.get("api_key"), values.get("jwt_secret"),
          values.get("database_url"))) {
          assertThat(output.contains(secret)).as("a member's log holds a secret value or token").isFalse();
        }
      }
    } finally {
      fleet.forEach(ServiceProcess::close);
      client.close();
    }
  }

  /**
   * Writes {@code values} and asks member 0 for a fleet refresh, whose answer must say that every member on
   * {@code ports} holds the version on every instance (and, when {@code complete}, that no other member is still
   * awaited); then every instance of those members must already serve it. Returns the ms from the write to the
   * answer.
   */
  private static long rotateAndReach(WebClient client, VaultAdmin admin, String path, Map<String, String> values,
                                     String adminToken, List<Integer> ports, boolean complete) {
    long start = System.nanoTime();
    long version = admin.kvPut("secret", path, values);
    HttpResponse<Buffer> refresh = Await.result(client.post(ports.get(0), "127.0.0.1",
      "/admin/secrets/refresh?scope=fleet").putHeader("X-Admin-Token", adminToken).send());
    long answered = System.nanoTime();
    assertThat(refresh.statusCode()).as("fleet refresh: %s", refresh.bodyAsString()).isEqualTo(200);
    JsonObject body = refresh.bodyAsJsonObject();
    assertThat(body.getString("scope")).isEqualTo("fleet");
    assertThat(body.getLong("version")).isEqualTo(version);
    JsonObject fleet = body.getJsonObject("fleet");
    assertThat(fleet.getInteger("applied")).as("members holding version %d everywhere: %s", version, fleet.encode())
      .isEqualTo(ports.size());
    if (complete) {
      assertThat(fleet.getInteger("members")).as("listening members: %s", fleet.encode()).isEqualTo(ports.size());
      assertThat(fleet.getBoolean("complete")).as("complete: %s", fleet.encode()).isTrue();
    }
    // Answered means applied: no waiting from here on.
    for (int port : ports) {
      servesNow(client, port, values.get("api_key"), version);
    }
    return (answered - start) / 1_000_000;
  }

  /**
   * Asks the member on {@code port} until both its instances have answered: each answer must already carry
   * {@code version}. A request that fails or passes {@link #REQUEST_TIMEOUT_MS} is asked again.
   */
  private static void servesNow(WebClient client, int port, String apiKey, long version) {
    List<String> failed = new ArrayList<>();
    EveryInstance.alreadyServe(2, () -> "member on " + port + ", right after the answer (failed requests: "
        + failed + ")", () -> {
        try {
          return Await.result(client.get(port, "127.0.0.1", "/api/hello").putHeader("X-API-Key", apiKey)
            .timeout(REQUEST_TIMEOUT_MS).send());
        } catch (AssertionError requestFailed) {
          failed.add(requestFailed.getMessage());
          return null;
        }
      },
      hello -> hello.statusCode() == 200 && Long.toString(version).equals(hello.getHeader("X-Secret-Version")));
  }

  /** The last lines each member wrote (its log holds key names and versions, never a value: checked below). */
  private static String logTails(List<ServiceProcess> fleet) {
    StringBuilder tails = new StringBuilder();
    for (int i = 0; i < fleet.size(); i++) {
      List<String> lines = fleet.get(i).output().lines().toList();
      tails.append(String.format("%n--- member %d (%s), its last %d lines:%n", i,
        fleet.get(i).alive() ? "running" : "gone", LOG_TAIL_LINES));
      lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
        .forEach(line -> tails.append(line).append(System.lineSeparator()));
    }
    return tails.toString();
  }

  private static HttpResponse<Buffer> get(WebClient client, int port, String uri, Map<String, String> headers) {
    var request = client.get(port, "127.0.0.1", uri);
    headers.forEach(request::putHeader);
    return Await.result(request.send());
  }

  /** Whether the member on {@code port} answers ready; false while it does not listen yet. */
  private static boolean ready(WebClient client, int port) {
    try {
      return get(client, port, "/health/ready", Map.of()).statusCode() == 200;
    } catch (AssertionError notListeningYet) {
      return false;
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
