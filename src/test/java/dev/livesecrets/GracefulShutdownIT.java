package dev.livesecrets;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.RawHttpExchange;
import dev.livesecrets.support.RawHttpExchange.Ending;
import dev.livesecrets.support.RawHttpExchange.Exchange;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the real process under keep-alive load: readiness turns 503 at once, requests are served
 * through the drain, the one in flight when the servers stop is answered, none is cut mid-answer, and the
 * process exits within the drain, the grace and a margin.
 */
@VaultIntegrationTest
class GracefulShutdownIT {

  private static final long DRAIN_MS = 1500;
  private static final long GRACE_MS = 4000;
  private static final int CLIENTS = 4;
  /** Each client pauses this long between requests: about 50 requests per second in all. */
  private static final long PAUSE_MS = 80;

  private record Sent(long atMillis, Exchange exchange) {
  }

  @Test
  void sigtermDrainsServesInFlightRequestsAndExitsWithoutCuttingAnAnswer(VaultServer vault) throws Exception {
    String path = ServiceUnderTest.newPath();
    Map<String, String> values = SecretValues.fresh();
    LeakGuard.suite().registerAll(values.values(), "a value written to Vault");
    new VaultAdmin(vault.address(), vault.token()).kvPut("secret", path, values);
    int port = FreePorts.pick();
    // To a file, not a pipe: Process.destroy() closes the pipes, and the output after the signal matters here.
    Path log = Path.of("target", "GracefulShutdownIT-service.log");
    Files.createDirectories(log.getParent());
    Process process = start(vault, path, port, log);
    ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 2);
    try {
      awaitReady(port, process);
      String apiKeyHeader = "X-API-Key: " + values.get("api_key") + "\r\n";

      // Keep-alive clients that keep sending whatever readiness says, as the clients of the report did.
      AtomicLong signal = new AtomicLong(Long.MAX_VALUE);
      List<List<Sent>> sentByClient = new ArrayList<>();
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        List<Sent> sent = new ArrayList<>();
        sentByClient.add(sent);
        clients.add(CompletableFuture.runAsync(() -> load(port, apiKeyHeader, process, signal, sent), threads));
      }
      List<Sent> readiness = new ArrayList<>();
      CompletableFuture<Void> readinessProbe = CompletableFuture.runAsync(() -> probe(port, process, signal, readiness),
        threads);
      // A request in flight when the servers stop: its headers go out during the drain, its body after it.
      CompletableFuture<Exchange> inFlight = CompletableFuture.supplyAsync(() -> {
        while (signal.get() == Long.MAX_VALUE) {
          pause(5);
        }
        sleepUntil(signal.get() + DRAIN_MS - 300);
        try (RawHttpExchange slow = new RawHttpExchange(port)) {
          return slow.send("POST /api/token HTTP/1.1\r\nHost: 127.0.0.1\r\n" + apiKeyHeader
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n", "{}", 800);
        }
      }, threads);
      Thread.sleep(1000);

      signal.set(System.currentTimeMillis());
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(DRAIN_MS + GRACE_MS + 10_000, TimeUnit.MILLISECONDS)).as("process exits").isTrue();
      long signalled = signal.get();
      long exitedAfter = System.currentTimeMillis() - signalled;
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      readinessProbe.get(30, TimeUnit.SECONDS);
      Exchange slow = inFlight.get(30, TimeUnit.SECONDS);

      List<Sent> all = sentByClient.stream().flatMap(List::stream).toList();
      long firstNotReady = readiness.stream().filter(s -> s.atMillis() >= signalled)
        .filter(s -> s.exchange().ending() == Ending.ANSWERED && s.exchange().status() == 503)
        .mapToLong(s -> s.atMillis() - signalled).min().orElse(-1);
      System.out.printf("SIGTERM under keep-alive load: %d requests, endings %s; readiness 503 after %d ms; "
          + "request in flight %s %d; exit after %d ms (drain %d ms, grace %d ms)%n", all.size(),
        all.stream().collect(Collectors.groupingBy(s -> s.exchange().ending(), Collectors.counting())),
        firstNotReady, slow.ending(), slow.status(), exitedAfter, DRAIN_MS, GRACE_MS);

      assertThat(all).as("requests that lost their answer after being read").noneMatch(s ->
        s.exchange().ending() == Ending.CUT_MID_ANSWER || s.exchange().ending() == Ending.TIMED_OUT
          || s.exchange().ending() == Ending.UNANSWERED_ON_REUSED_CONNECTION);
      assertThat(all).as("answers").filteredOn(answered()).isNotEmpty()
        .allSatisfy(s -> assertThat(s.exchange().status()).isEqualTo(200));
      List<Sent> duringDrain = all.stream()
        .filter(s -> s.atMillis() >= signalled && s.atMillis() < signalled + DRAIN_MS - 200).toList();
      assertThat(duringDrain).as("requests sent during the drain").hasSizeGreaterThan(20)
        .allSatisfy(s -> {
          assertThat(s.exchange().ending()).isEqualTo(Ending.ANSWERED);
          assertThat(s.exchange().status()).isEqualTo(200);
        });
      assertThat(duringDrain).as("answers during the drain that ask the client to close")
        .filteredOn(s -> s.atMillis() > signalled + 100).allMatch(s -> s.exchange().connectionClose());

      assertThat(firstNotReady).as("ms from SIGTERM to readiness 503").isBetween(0L, 100L);
      assertThat(readiness).as("readiness after the signal, until the servers stop")
        .filteredOn(s -> s.atMillis() > signalled + firstNotReady && s.exchange().ending() == Ending.ANSWERED)
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.exchange().body()).isEqualTo("{\"status\":\"DRAINING\",\"reason\":\"shutting_down\"}"));
      assertThat(readiness).as("readiness before the signal").filteredOn(s -> s.atMillis() < signalled)
        .allSatisfy(s -> assertThat(s.exchange().status()).isEqualTo(200));

      assertThat(slow.ending()).as("the request in flight when the servers stopped").isEqualTo(Ending.ANSWERED);
      assertThat(slow.status()).isEqualTo(200);
      assertThat(slow.body()).contains("\"tokenType\":\"Bearer\"");
      assertThat(exitedAfter).as("ms from SIGTERM to exit").isGreaterThanOrEqualTo(DRAIN_MS)
        .isLessThan(DRAIN_MS + GRACE_MS + 5000);
      assertThat(Files.readString(log)).contains("shutting down: readiness 503 and draining for 1500 ms")
        .contains("live-secrets stopped");
    } finally {
      threads.shutdownNow();
      process.waitFor(5, TimeUnit.SECONDS);
      process.destroyForcibly();
      String output = Files.readString(log);
      LeakGuard.suite().record("output of the service process", output);
      for (String value : values.values()) {
        assertThat(output).as("process output holds a secret value").doesNotContain(value);
      }
    }
  }

  private static Predicate<Sent> answered() {
    return s -> s.exchange().ending() == Ending.ANSWERED;
  }

  /** Requests from one keep-alive client until a while after the process is gone. */
  private static void load(int port, String apiKeyHeader, Process process, AtomicLong signal, List<Sent> sent) {
    try (RawHttpExchange client = new RawHttpExchange(port)) {
      long stopAt = Long.MAX_VALUE;
      while (System.currentTimeMillis() < stopAt) {
        long at = System.currentTimeMillis();
        Exchange exchange = client.get("/api/hello", apiKeyHeader);
        synchronized (sent) {
          sent.add(new Sent(at, exchange));
        }
        if (!process.isAlive() && stopAt == Long.MAX_VALUE) {
          stopAt = System.currentTimeMillis() + 300;
        }
        if (longAfter(signal)) {
          return; // bounded, whatever happens
        }
        pause(PAUSE_MS);
      }
    }
  }

  /** Readiness every 10 ms on a new connection, as a load balancer's health check does. */
  private static void probe(int port, Process process, AtomicLong signal, List<Sent> seen) {
    while (process.isAlive() && !longAfter(signal)) {
      long at = System.currentTimeMillis();
      try (RawHttpExchange probe = new RawHttpExchange(port)) {
        Exchange exchange = probe.get("/health/ready", "Connection: close\r\n");
        synchronized (seen) {
          seen.add(new Sent(at, exchange));
        }
      }
      pause(10);
    }
  }

  /** Starts {@link Main}, its output (kept for a person reading a failure) going to {@code log}. */
  private static Process start(VaultServer vault, String path, int port, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
      Main.class.getName())).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("SECRETS_")
      || k.startsWith("HTTP_") || k.startsWith("MANAGEMENT_") || k.startsWith("SHUTDOWN_") || k.equals("CONFIG_FILE"));
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_ADDR", vault.address());
    env.put("VAULT_TOKEN", vault.token());
    env.put("VAULT_SECRET_PATH", path);
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", Integer.toString(port));
    env.put("HTTP_INSTANCES", "2");
    env.put("SECRETS_REFRESH_PERIOD_MS", "1000");
    env.put("SHUTDOWN_DRAIN_MS", Long.toString(DRAIN_MS));
    env.put("SHUTDOWN_GRACE_MS", Long.toString(GRACE_MS));
    env.put("LOG_FORMAT", "PATTERN");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitReady(int port, Process process) {
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until) {
      assertThat(process.isAlive()).as("the service process is running").isTrue();
      try (RawHttpExchange probe = new RawHttpExchange(port)) {
        Exchange ready = probe.get("/health/ready", "Connection: close\r\n");
        if (ready.ending() == Ending.ANSWERED && ready.status() == 200) {
          return;
        }
      }
      pause(100);
    }
    throw new AssertionError("the service did not become ready within 30 s");
  }

  /** A minute after the signal: loads stop then, whatever happens. */
  private static boolean longAfter(AtomicLong signal) {
    long sent = signal.get();
    return sent != Long.MAX_VALUE && System.currentTimeMillis() > sent + 60_000;
  }

  private static void sleepUntil(long millis) {
    while (System.currentTimeMillis() < millis) {
      pause(Math.min(50, Math.max(1, millis - System.currentTimeMillis())));
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
