package dev.livesecrets.support;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.devvault.VaultServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three OpenBao servers with Raft storage on loopback, started from the binary the tests use (no Docker): the
 * first is initialised (one Shamir key share) and unsealed, the others join it and are unsealed with that key,
 * and the harness waits until all three are voters, so losing one still leaves a quorum. The root token and the
 * unseal key are registered with the {@link LeakGuard}. {@link #address()} is the current leader's, for the
 * helpers that write through it; {@link #close()} kills every node and deletes the data.
 */
public final class RaftCluster implements VaultServer {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final Path dir;
  private final List<Node> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(2)).build();
  private String rootToken;
  private String unsealKey;

  private record Node(String name, int apiPort, int clusterPort, Process process) {
    String address() {
      return "http://127.0.0.1:" + apiPort;
    }
  }

  private RaftCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts, initialises, unseals and joins three nodes under {@code dir}; about 20 to 40 s. */
  public static RaftCluster start(Path dir) {
    RaftCluster cluster = new RaftCluster(dir);
    try {
      for (int i = 1; i <= 3; i++) {
        cluster.nodes.add(cluster.launch("n" + i));
      }
      cluster.initialise();
      for (int i = 1; i < 3; i++) {
        cluster.join(i);
      }
      cluster.awaitVoters();
      new VaultAdmin(cluster.address(0), cluster.rootToken).enableKv("secret", 2);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private Node launch(String name) {
    int api = FreePorts.pick();
    int clusterPort = FreePorts.pick();
    Path data = dir.resolve(name);
    try {
      Files.createDirectories(data);
      Path config = dir.resolve(name + ".hcl");
      Files.writeString(config, String.join("\n",
        "ui = false",
        "api_addr = \"http://127.0.0.1:" + api + "\"",
        "cluster_addr = \"http://127.0.0.1:" + clusterPort + "\"",
        "storage \"raft\" {",
        "  path = \"" + data + "\"",
        "  node_id = \"" + name + "\"",
        // The tightest timers: a new leader within seconds of losing one.
        "  performance_multiplier = 1",
        "}",
        "listener \"tcp\" {",
        "  address = \"127.0.0.1:" + api + "\"",
        "  cluster_address = \"127.0.0.1:" + clusterPort + "\"",
        "  tls_disable = true",
        "}", ""));
      ProcessBuilder builder = new ProcessBuilder(VaultCli.path().toString(), "server", "-config=" + config)
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).directory(dir.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("BAO_"));
      builder.environment().put("HOME", dir.toString());
      Node node = new Node(name, api, clusterPort, builder.start());
      Await.until(PATIENCE, name + " answering on " + api, () -> status(node) > 0);
      return node;
    } catch (IOException e) {
      throw new AssertionError("cannot start OpenBao node " + name + ": " + e, e);
    }
  }

  private void initialise() {
    VaultCli.Result init = cli(0, null, "operator", "init", "-key-shares=1", "-key-threshold=1", "-format=json");
    JsonObject keys = new JsonObject(init.output().substring(init.output().indexOf('{')));
    unsealKey = keys.getJsonArray("unseal_keys_b64").getString(0);
    rootToken = keys.getString("root_token");
    LeakGuard.suite().register(unsealKey, "the unseal key of the Raft cluster");
    LeakGuard.suite().register(rootToken, "the root token of the Raft cluster");
    cli(0, null, "operator", "unseal", unsealKey);
    Await.until(PATIENCE, "n1 active", () -> status(nodes.get(0)) == 200);
    // Promote joined nodes to voters after 1 s of good health rather than the default 10 s.
    cli(0, null, "operator", "raft", "autopilot", "set-config", "-server-stabilization-time=1s");
  }

  private void join(int index) {
    Await.until(PATIENCE, nodes.get(index).name() + " joined", () ->
      cliExit(index, "operator", "raft", "join", address(0)) == 0);
    cli(index, null, "operator", "unseal", unsealKey);
    Await.until(PATIENCE, nodes.get(index).name() + " unsealed", () -> status(nodes.get(index)) == 429);
  }

  private void awaitVoters() {
    Await.until(PATIENCE, "three Raft voters", () -> {
      VaultCli.Result peers = VaultCli.cli(env(0), null, "operator", "raft", "list-peers", "-format=json");
      if (peers.exitCode() != 0) {
        return false;
      }
      JsonArray servers = new JsonObject(peers.output().substring(peers.output().indexOf('{')))
        .getJsonObject("data").getJsonObject("config").getJsonArray("servers");
      return servers.size() == 3 && servers.stream().allMatch(s -> ((JsonObject) s).getBoolean("voter", false));
    });
  }

  /** The API address of node {@code index} (0 to 2). */
  public String address(int index) {
    return nodes.get(index).address();
  }

  /** Every node's address, {@code first} first, separated by commas: a VAULT_ADDR. */
  public String addresses(int first) {
    return IntStream.range(0, nodes.size()).map(i -> (i + first) % nodes.size()).mapToObj(this::address)
      .collect(Collectors.joining(","));
  }

  /** The index of the active node among those alive, waiting up to {@code limit} for one; -1 when none. */
  public int awaitLeader(Duration limit) {
    int[] leader = {-1};
    Await.until(limit, "an active node", () -> {
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).process().isAlive() && status(nodes.get(i)) == 200) {
          leader[0] = i;
          return true;
        }
      }
      return false;
    });
    return leader[0];
  }

  /** Kills node {@code index} at once (SIGKILL), as a crashed machine would stop. */
  public void kill(int index) {
    ServiceProcess.killNow(nodes.get(index).process());
  }

  /** The current leader's address, for writes. */
  @Override
  public String address() {
    return address(awaitLeader(PATIENCE));
  }

  @Override
  public String token() {
    return rootToken;
  }

  @Override
  public String description() {
    return "a 3-node OpenBao Raft cluster on loopback (" + addresses(0) + ")";
  }

  @Override
  public void close() {
    nodes.forEach(node -> ServiceProcess.killNow(node.process()));
  }

  /** {@code /v1/sys/health}'s status: 200 active, 429 standby, 501 not initialised, 503 sealed; 0 no answer. */
  private int status(Node node) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(node.address() + "/v1/sys/health"))
        .timeout(Duration.ofSeconds(2)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private VaultCli.Result cli(int index, String stdin, String... args) {
    VaultCli.Result result = VaultCli.cli(env(index), stdin, args);
    // The output of init and unseal holds key material: never in an assertion message.
    assertThat(result.exitCode()).as("%s on %s (exit code; output withheld)", args[0] + " " + args[1],
      nodes.get(index).name()).isZero();
    return result;
  }

  private int cliExit(int index, String... args) {
    return VaultCli.cli(env(index), null, args).exitCode();
  }

  private Map<String, String> env(int index) {
    Map<String, String> env = new HashMap<>(Map.of("VAULT_ADDR", address(index), "BAO_ADDR", address(index)));
    if (rootToken != null) {
      env.put("VAULT_TOKEN", rootToken);
      env.put("BAO_TOKEN", rootToken);
    }
    return env;
  }
}
