// Rotation under load, for infrastructure/bench/run.sh. JDK 17 source launcher, no dependencies:
//   java infrastructure/bench/RotationBench.java      (settings from the environment, see Settings)
//
// One process does the three jobs, so that every timestamp comes from one clock (System.nanoTime):
//  * load: BENCH_CONNECTIONS keep-alive connections send GET /api/hello back to back. Each follows
//    the rotation as a client of this API would: it keeps its key until the service refuses it, then
//    takes the current key and retries that request once. Failures are what such a client cannot
//    hide: connection errors, 5xx, and 401s for the key that is current in Vault;
//  * rotate: writes a new random api_key into Vault (KV v2 PATCH); the write's completion is time 0;
//  * probe: one keep-alive connection pinned to each HTTP instance (X-Instance; a connection stays on
//    the verticle that accepted it), each asked with the new key by a thread of its own, all at once,
//    every BENCH_PROBE_GAP_MS, until it answers 200 with it.
// With BENCH_ADMIN_TOKEN set (the on-demand series), each write is followed at once by
// POST /admin/secrets/refresh, sent while the probes run; the output files then end in -trigger.
// The write, the trigger and the probes use plain sockets on the thread that needs the answer: a client
// library's selector and executor threads would add hand-overs of their own, on cores the load keeps
// busy, to what is measured. wrk cannot do this: its Lua hooks cannot tell which key a response answered.
// Never prints a key or the token: output names versions and instances only.

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class RotationBench {

  public static void main(String[] args) throws Exception {
    Settings s = Settings.fromEnv();
    Key initial = Key.of(-1, s.apiKey);
    // A connection pinned to each instance; also learns the version the seeded key belongs to.
    Probes probes = new Probes(s.port, s.instances, s.probeGapMs);
    long seededVersion = probes.pin(initial);
    AtomicReference<Key> current = new AtomicReference<>(Key.of(seededVersion, s.apiKey));
    Vault vault = new Vault(s);
    vault.warmUp(); // opens the connection while idle
    Trigger trigger = s.adminToken == null ? null : new Trigger(s);
    if (trigger != null) {
      int status = trigger.warmUp(); // the same for the trigger's client; also checks the route and token
      if (status != 200) {
        throw new IllegalStateException("POST /admin/secrets/refresh answered HTTP " + status);
      }
    }
    long startedAtMs = System.currentTimeMillis();

    long t0 = System.nanoTime();
    int maxSeconds = (int) (s.warmupMs + (s.warmupRotations + s.rotations) * (s.timeoutMs + s.gapMs) + s.cooldownMs)
      / 1000 + 5;
    List<Load> loads = new ArrayList<>();
    for (int i = 0; i < s.connections; i++) {
      Load load = new Load(s.port, current, t0, maxSeconds, s.maxRequests / s.connections);
      loads.add(load);
      Thread thread = new Thread(load, "load-" + i);
      thread.setDaemon(true);
      thread.start();
    }

    Thread.sleep(s.warmupMs);
    // The first rotations under load run code for the first time (the write, trigger and probe paths here, the
    // service's on-demand path there) and start the probe and answer threads: run, reported apart, not counted.
    List<Rotation> warmup = new ArrayList<>();
    for (int i = 1; i <= s.warmupRotations; i++) {
      warmup.add(rotate(s, vault, trigger, probes, current, t0, i));
      pause(s, trigger);
    }
    List<Rotation> rotations = new ArrayList<>();
    for (int i = 1; i <= s.rotations; i++) {
      rotations.add(rotate(s, vault, trigger, probes, current, t0, i));
      pause(s, trigger);
    }
    Thread.sleep(s.cooldownMs);
    double seconds = (System.nanoTime() - t0) / 1e9;
    loads.forEach(Load::stop);
    Thread.sleep(200);
    Report.write(s, loads, warmup, rotations, seconds, startedAtMs);
  }

  /**
   * A random gap puts the next write at any point of the service's read cycle, so the propagation times sample the
   * whole period instead of one phase of it. The on-demand series waits half a period more, so that its writes,
   * too, come about one period apart.
   */
  private static void pause(Settings s, Trigger trigger) throws InterruptedException {
    Thread.sleep((trigger == null ? 0 : s.gapMs / 2) + ThreadLocalRandom.current().nextLong(Math.max(1, s.gapMs)));
  }

  private static Rotation rotate(Settings s, Vault vault, Trigger trigger, Probes probes, AtomicReference<Key> current,
                                 long t0, int index) throws Exception {
    String value = "sk-" + HexFormat.of().formatHex(randomBytes()); // the format seed.sh uses
    long before = System.nanoTime();
    long version = vault.patchApiKey(value);
    long written = System.nanoTime();
    // Sent at once, answered on another thread while the probes below run as in the periodic series.
    CompletableFuture<Trigger.Answer> answer = trigger == null ? null : trigger.refresh(version, written);
    Key key = Key.of(version, value);
    current.set(key);
    long deadline = written + s.timeoutMs * 1_000_000L;
    Probes.Outcome probed = probes.await(key, written, deadline);
    Map<String, Double> acceptedMs = probed.acceptedMs();
    Double propagation = acceptedMs.size() == s.instances
      ? acceptedMs.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow() : null;
    Trigger.Answer answered = null;
    if (answer != null) {
      try {
        answered = answer.get(Math.max(0, deadline - System.nanoTime()) / 1_000_000L + 1000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        answered = new Trigger.Answer(-1, -1, false, null, 0); // no answer: counted as a trigger failure
      }
    }
    return new Rotation(index, version, (written - t0) / 1e9, (written - before) / 1e6, propagation,
      acceptedMs, probed.probes(), probed.errors(), answered);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}

/** Settings from the environment, set by run.sh. */
final class Settings {
  int port;
  int instances;
  int connections;
  int rotations;
  int warmupRotations;
  long warmupMs;
  long cooldownMs;
  long gapMs;
  long timeoutMs;
  long probeGapMs;
  long maxRequests;
  String apiKey;
  String vaultAddr;
  String vaultToken;
  String mount;
  String path;
  Path outDir;
  String adminToken; // null: the periodic series; set: the on-demand series (POST /admin/secrets/refresh)
  int adminPort; // where the trigger goes: the management port when the service has one, else the API port

  static Settings fromEnv() {
    Settings s = new Settings();
    s.port = Integer.parseInt(env("BENCH_PORT"));
    s.instances = Integer.parseInt(env("BENCH_INSTANCES"));
    s.connections = Integer.parseInt(env("BENCH_CONNECTIONS"));
    s.rotations = Integer.parseInt(env("BENCH_ROTATIONS"));
    String warmupRotations = System.getenv("BENCH_WARMUP_ROTATIONS");
    s.warmupRotations = warmupRotations == null || warmupRotations.isBlank() ? 0 : Integer.parseInt(warmupRotations);
    s.warmupMs = Long.parseLong(env("BENCH_WARMUP_MS"));
    s.cooldownMs = Long.parseLong(env("BENCH_COOLDOWN_MS"));
    s.gapMs = Long.parseLong(env("BENCH_ROTATION_GAP_MS"));
    s.timeoutMs = Long.parseLong(env("BENCH_ROTATION_TIMEOUT_MS"));
    s.probeGapMs = Long.parseLong(env("BENCH_PROBE_GAP_MS"));
    s.maxRequests = Long.parseLong(env("BENCH_MAX_REQUESTS"));
    s.apiKey = env("BENCH_API_KEY");
    s.vaultAddr = env("VAULT_ADDR");
    s.vaultToken = env("VAULT_TOKEN");
    s.mount = env("BENCH_VAULT_MOUNT");
    s.path = env("BENCH_VAULT_PATH");
    s.outDir = Path.of(env("BENCH_OUT_DIR"));
    s.adminToken = System.getenv("BENCH_ADMIN_TOKEN");
    String adminPort = System.getenv("BENCH_ADMIN_PORT");
    s.adminPort = adminPort == null || adminPort.isBlank() ? s.port : Integer.parseInt(adminPort);
    if (s.adminToken != null && s.adminToken.isBlank()) {
      throw new IllegalArgumentException("BENCH_ADMIN_TOKEN is blank");
    }
    return s;
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}

/** An API key with the KV version it was written as, and the request that carries it. */
record Key(long version, String value, byte[] keepAlive) {

  static Key of(long version, String value) {
    return new Key(version, value, ("GET /api/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + value + "\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "Key[version=" + version + "]"; // never the value
  }
}

/**
 * Writes the api_key into Vault with a KV v2 JSON merge patch, so the other keys keep their values, over one
 * keep-alive connection: the write's answer wakes the very thread that sends the trigger and starts the probes.
 */
final class Vault {
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
  private final Settings s;
  private final URI address;
  private Http http;

  Vault(Settings s) {
    this.s = s;
    this.address = URI.create(s.vaultAddr);
    if (!"http".equals(address.getScheme())) {
      throw new IllegalArgumentException("VAULT_ADDR must be a plain http:// address on this machine");
    }
  }

  void warmUp() throws IOException {
    Http.Text health = exchange(Http.request("GET", "/v1/sys/health", address.getAuthority(), Map.of(), ""));
    if (health.status() != 200) {
      throw new IOException("Vault's sys/health answered HTTP " + health.status());
    }
  }

  long patchApiKey(String value) throws IOException {
    String path = "/v1/" + s.mount + "/data/" + s.path;
    Http.Text answer = exchange(Http.request("PATCH", path, address.getAuthority(),
      Map.of("X-Vault-Token", s.vaultToken, "Content-Type", "application/merge-patch+json"),
      "{\"data\":{\"api_key\":\"" + value + "\"}}"));
    Matcher m = VERSION.matcher(answer.body());
    if (answer.status() != 200 || !m.find()) {
      throw new IOException("Vault PATCH " + s.mount + "/data/" + s.path + " answered HTTP " + answer.status());
    }
    return Long.parseLong(m.group(1));
  }

  private Http.Text exchange(byte[] request) throws IOException {
    if (http == null) {
      http = new Http(address.getHost(), address.getPort());
    }
    try {
      Http.Text answer = http.exchangeText(request);
      if (!http.reusable()) {
        http.close();
        http = null;
      }
      return answer;
    } catch (IOException e) {
      http.close();
      http = null;
      throw e;
    }
  }
}

/**
 * POST /admin/secrets/refresh with the X-Admin-Token header, as a pipeline that just rotated a secret
 * would send it, over one keep-alive connection: written by the caller's thread at once, its answer read by
 * a thread of its own. The answer names the version in force; an older one than the write's means the
 * trigger joined a periodic read that had started before the write, and the trigger is sent again
 * (at most 3 times in all), as such a pipeline would.
 */
final class Trigger {
  /** status -1: no answer; version -1: none in the answer; answeredMs from the write to the last answer. */
  record Answer(int status, long version, boolean changed, Double answeredMs, int posts) {}

  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
  private static final Pattern CHANGED = Pattern.compile("\"changed\"\\s*:\\s*true");
  private static final int MAX_POSTS = 3;
  private final int port;
  private final byte[] request;
  private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "trigger-answers");
    thread.setDaemon(true);
    return thread;
  });
  private Http http;

  Trigger(Settings s) {
    port = s.adminPort;
    // never printed: output names versions and statuses only
    request = Http.request("POST", "/admin/secrets/refresh", "127.0.0.1", Map.of("X-Admin-Token", s.adminToken), "");
  }

  int warmUp() throws IOException {
    send();
    return read().status();
  }

  /** Sends the trigger now, on this thread; the answer arrives on the reader's. */
  CompletableFuture<Answer> refresh(long written, long writtenAtNanos) {
    try {
      send();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        for (int post = 1; ; post++) {
          Http.Text response = read();
          Double ms = (System.nanoTime() - writtenAtNanos) / 1e6;
          Matcher m = VERSION.matcher(response.body());
          long version = m.find() ? Long.parseLong(m.group(1)) : -1;
          if (response.status() == 200 && version < written && post < MAX_POSTS) {
            send();
            continue;
          }
          return new Answer(response.status(), version, CHANGED.matcher(response.body()).find(), ms, post);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, reader);
  }

  private void send() throws IOException {
    if (http == null || !http.reusable()) {
      if (http != null) {
        http.close();
      }
      http = new Http("127.0.0.1", port);
    }
    http.send(request);
  }

  private Http.Text read() throws IOException {
    try {
      return http.readText();
    } catch (IOException e) {
      http.close();
      http = null; // a new connection for the next trigger
      throw e;
    }
  }
}

/**
 * One keep-alive connection pinned to each HTTP instance: Vert.x hands a new connection to the HTTP verticles in
 * turn, and a connection stays with the verticle that accepted it, so asking over it always asks that instance.
 * Each instance is probed by a thread of its own, all at once, so one instance's answer never waits for another's.
 */
final class Probes {
  /** When each instance first answered 200 with the key (ms after the write), and the requests it took. */
  record Outcome(Map<String, Double> acceptedMs, int probes, int errors) {}

  private final int port;
  private final int instances;
  private final long gapMs;
  private final Map<String, Http> pinned = new TreeMap<>();
  // Every instance, as pin() found them: asked at every rotation, even one whose connection is lost and not back yet.
  private final List<String> names = new ArrayList<>();
  private final ExecutorService threads;

  Probes(int port, int instances, long gapMs) {
    this.port = port;
    this.instances = instances;
    this.gapMs = gapMs;
    this.threads = Executors.newFixedThreadPool(instances, r -> {
      Thread thread = new Thread(r, "probe");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Opens a connection to every instance with the seeded key; returns the version that key belongs to. */
  long pin(Key key) throws IOException {
    long version = -1;
    for (int i = 0; i < 8 * instances && pinned.size() < instances; i++) {
      Http http = new Http("127.0.0.1", port);
      Http.Response r = http.exchange(key.keepAlive());
      if (r.status() != 200) {
        http.close();
        throw new IllegalStateException("the seeded key is refused: HTTP " + r.status());
      }
      version = r.version();
      if (r.instance() != null && http.reusable() && !pinned.containsKey(r.instance())) {
        pinned.put(r.instance(), http);
      } else {
        http.close();
      }
    }
    if (pinned.size() != instances) {
      throw new IllegalStateException("new connections reached " + pinned.keySet() + ", expected " + instances
        + " instances");
    }
    names.addAll(pinned.keySet());
    return version;
  }

  /** Asks every instance with {@code key} until each has answered 200 with it, or until {@code deadline}. */
  Outcome await(Key key, long written, long deadline) throws InterruptedException, ExecutionException {
    Map<String, Future<long[]>> asked = new TreeMap<>();
    names.forEach(instance -> asked.put(instance, threads.submit(() -> ask(instance, key, deadline))));
    Map<String, Double> accepted = new TreeMap<>();
    int probes = 0;
    int errors = 0;
    for (Map.Entry<String, Future<long[]>> e : asked.entrySet()) {
      long[] result = e.getValue().get(); // {accepted at (nanos) or -1, probes, errors}
      if (result[0] >= 0) {
        accepted.put(e.getKey(), (result[0] - written) / 1e6);
      }
      probes += (int) result[1];
      errors += (int) result[2];
    }
    return new Outcome(accepted, probes, errors);
  }

  private long[] ask(String instance, Key key, long deadline) throws InterruptedException {
    long probes = 0;
    long errors = 0;
    while (System.nanoTime() < deadline) {
      probes++;
      try {
        Http http = connection(instance, key);
        Http.Response r = http.exchange(key.keepAlive());
        if (!http.reusable()) {
          drop(instance);
        }
        if (r.status() == 200 && r.version() >= key.version()) {
          return new long[] {System.nanoTime(), probes, errors};
        }
      } catch (IOException e) {
        errors++;
        drop(instance);
      }
      Thread.sleep(gapMs);
    }
    return new long[] {-1, probes, errors};
  }

  /** The instance's pinned connection, pinned anew if it was lost (401s name their instance too). */
  private Http connection(String instance, Key key) throws IOException {
    synchronized (pinned) {
      Http http = pinned.get(instance);
      if (http != null) {
        return http;
      }
    }
    // Lost (closed by the server or broken): open connections until one lands on this instance again.
    for (int i = 0; i < 8 * instances; i++) {
      Http http = new Http("127.0.0.1", port);
      Http.Response r = http.exchange(key.keepAlive());
      if (instance.equals(r.instance()) && http.reusable()) {
        synchronized (pinned) {
          pinned.put(instance, http);
        }
        return http;
      }
      http.close();
    }
    throw new IOException("no new connection reached " + instance);
  }

  private void drop(String instance) {
    Http http;
    synchronized (pinned) {
      http = pinned.remove(instance);
    }
    if (http != null) {
      try {
        http.close();
      } catch (IOException ignored) {
        // a broken connection; a new one is pinned at the next probe
      }
    }
  }
}

/** A minimal HTTP/1.1 client over one socket: enough for the service's and Vault's answers. */
final class Http implements AutoCloseable {
  record Response(int status, String instance, long version) {}

  /** A status and a body, for answers whose body is read (Vault's, the trigger's); never printed. */
  record Text(int status, String body) {
    @Override
    public String toString() {
      return "Text[status=" + status + "]";
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int lim;
  private boolean reusable;

  Http(int port) throws IOException {
    this("127.0.0.1", port);
  }

  Http(String host, int port) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 2000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  static byte[] request(String method, String path, String host, Map<String, String> headers, String body) {
    StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host)
      .append("\r\n");
    headers.forEach((name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    sb.append("Content-Length: ").append(content.length).append("\r\n\r\n");
    byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(head, head.length + content.length);
    System.arraycopy(content, 0, all, head.length, content.length);
    return all;
  }

  boolean reusable() {
    return reusable;
  }

  Response exchange(byte[] request) throws IOException {
    send(request);
    return read(null);
  }

  Text exchangeText(byte[] request) throws IOException {
    send(request);
    return readText();
  }

  void send(byte[] request) throws IOException {
    out.write(request);
    out.flush();
  }

  Text readText() throws IOException {
    StringBuilder body = new StringBuilder();
    Response r = read(body);
    return new Text(r.status(), body.toString());
  }

  /** Reads one answer; its body into {@code body} when not null (Content-Length or chunked). */
  private Response read(StringBuilder body) throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("bad status line");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    String instance = null;
    long version = -1;
    reusable = true;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String value = h.substring(colon + 1).trim();
      switch (h.substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "x-instance" -> instance = value;
        case "x-secret-version" -> version = Long.parseLong(value);
        case "connection" -> reusable = !value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
        body(size, body);
        line(); // the CRLF after the chunk
      }
      while (!line().isEmpty()) {
        // trailers: none expected
      }
    } else if (length >= 0) {
      body(length, body);
    } else {
      throw new IOException("response without Content-Length");
    }
    return new Response(status, instance, version);
  }

  private void body(long length, StringBuilder into) throws IOException {
    for (long left = length; left > 0; ) {
      if (pos == lim && !fill()) {
        throw new IOException("connection closed in the body");
      }
      int n = (int) Math.min(left, lim - pos);
      if (into != null) {
        into.append(new String(buf, pos, n, StandardCharsets.UTF_8));
      }
      pos += n;
      left -= n;
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      if (pos == lim && !fill()) {
        throw new IOException("connection closed");
      }
      byte b = buf[pos++];
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) b);
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buf);
    pos = 0;
    lim = Math.max(n, 0);
    return n > 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

/** One load connection and its per-second counters; the counters are read after stop(). */
final class Load implements Runnable {
  final long[] ok;
  final long[] failed;
  final long[] stale;
  final int[][] latencyUs;
  final int[] latencyCount;
  final Map<String, Long> failures = new TreeMap<>();
  final Map<String, Long> details = new TreeMap<>();
  long retries;

  private final int port;
  private final AtomicReference<Key> current;
  private final long t0;
  private final long maxRequests;
  private volatile boolean running = true;

  Load(int port, AtomicReference<Key> current, long t0, int maxSeconds, long maxRequests) {
    this.port = port;
    this.current = current;
    this.t0 = t0;
    this.maxRequests = maxRequests;
    ok = new long[maxSeconds];
    failed = new long[maxSeconds];
    stale = new long[maxSeconds];
    latencyUs = new int[maxSeconds][];
    latencyCount = new int[maxSeconds];
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    Http http = null;
    Key key = current.get();
    // Bounded in time (stop()) and in requests, whatever the machine's speed.
    for (long sent = 0; running && sent < maxRequests; sent++) {
      long start = System.nanoTime();
      String failure;
      try {
        if (http == null) {
          http = new Http(port);
        }
        Http.Response r = http.exchange(key.keepAlive());
        if (r.status() == 401 && current.get().version() != key.version()) {
          // Expected: our key is no longer the current one. Take the current key, retry once.
          stale[second(System.nanoTime())]++;
          key = current.get();
          retries++;
          r = http.exchange(key.keepAlive());
        }
        if (!http.reusable()) {
          http.close();
          http = null;
        }
        if (r.status() / 100 == 2) {
          record(start, System.nanoTime());
          continue;
        }
        failure = r.status() == 401 ? (current.get().version() == key.version() ? "401_current_key" : "401_after_retry")
          : r.status() >= 500 ? "5xx" : "other_status";
        // Which key met which snapshot: tells a lagging instance from a client that moved on too early.
        details.merge(String.format("%s: sent v%d, %s held v%d", failure, key.version(), r.instance(), r.version()),
          1L, Long::sum);
      } catch (IOException | RuntimeException e) {
        failure = "connection_error";
        closeQuietly(http);
        http = null;
      }
      failed[second(System.nanoTime())]++;
      failures.merge(failure, 1L, Long::sum);
    }
    closeQuietly(http);
  }

  private void record(long start, long end) {
    int sec = second(end);
    ok[sec]++;
    int[] lat = latencyUs[sec];
    if (lat == null || latencyCount[sec] == lat.length) {
      lat = latencyUs[sec] = Arrays.copyOf(lat == null ? new int[0] : lat, Math.max(1024, latencyCount[sec] * 2));
    }
    lat[latencyCount[sec]++] = (int) Math.min(Integer.MAX_VALUE, (end - start) / 1000);
  }

  private int second(long nanos) {
    return (int) Math.min(ok.length - 1, (nanos - t0) / 1_000_000_000L);
  }

  private static void closeQuietly(Http http) {
    try {
      if (http != null) {
        http.close();
      }
    } catch (IOException ignored) {
      // closing a broken connection; nothing to do
    }
  }
}

/**
 * One rotation: when its write completed (s after the load started) and how long it took to apply;
 * trigger: the answer to POST /admin/secrets/refresh (the on-demand series only, else null).
 */
record Rotation(int index, long version, double writtenAtS, double writeMs, Double propagationMs,
                Map<String, Double> acceptedMs, int probes, int probeErrors, Trigger.Answer trigger) {}

/**
 * Writes rotation.json (summary), timeline.tsv (per second) and rotations.tsv (marks for the chart);
 * rotation-trigger.json, timeline-trigger.tsv and rotations-trigger.tsv for the on-demand series.
 */
final class Report {

  static void write(Settings s, List<Load> loads, List<Rotation> warmup, List<Rotation> rotations, double seconds,
                    long startedAtMs) throws IOException {
    int n = (int) Math.ceil(seconds);
    StringBuilder timeline = new StringBuilder("# second\trps\tp50_ms\tp99_ms\tfailed\tstale_401\n");
    long okTotal = 0;
    long failedTotal = 0;
    long staleTotal = 0;
    long retries = 0;
    Map<String, Long> failures = new TreeMap<>();
    Map<String, Long> details = new TreeMap<>();
    List<int[]> all = new ArrayList<>();
    for (int sec = 0; sec < n; sec++) {
      long ok = 0;
      long failed = 0;
      long stale = 0;
      List<int[]> parts = new ArrayList<>();
      for (Load l : loads) {
        ok += l.ok[sec];
        failed += l.failed[sec];
        stale += l.stale[sec];
        if (l.latencyUs[sec] != null) {
          parts.add(Arrays.copyOf(l.latencyUs[sec], l.latencyCount[sec]));
        }
      }
      int[] lat = concatSorted(parts);
      all.add(lat);
      okTotal += ok;
      failedTotal += failed;
      staleTotal += stale;
      // The last second is partial: leave it out of the chart.
      if (sec < n - 1) {
        timeline.append(String.format(Locale.ROOT, "%d\t%d\t%.3f\t%.3f\t%d\t%d%n", sec, ok, pct(lat, 50) / 1000,
          pct(lat, 99) / 1000, failed, stale));
      }
    }
    for (Load l : loads) {
      retries += l.retries;
      l.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
      l.details.forEach((k, v) -> details.merge(k, v, Long::sum));
    }
    int[] lat = concatSorted(all);

    StringBuilder marks = new StringBuilder("# written_at_s\tpropagation_ms\n");
    List<Double> props = new ArrayList<>();
    StringBuilder list = new StringBuilder();
    List<Double> answered = new ArrayList<>();
    int repeated = 0;
    int notOk = 0;
    for (Rotation r : rotations) {
      Trigger.Answer a = r.trigger();
      if (a != null) {
        if (a.answeredMs() != null) {
          answered.add(a.answeredMs());
        }
        repeated += a.posts() > 1 ? 1 : 0;
        notOk += a.status() != 200 || a.version() < r.version() ? 1 : 0;
      }
      marks.append(String.format(Locale.ROOT, "%.3f\t%s%n", r.writtenAtS(),
        r.propagationMs() == null ? "NaN" : String.format(Locale.ROOT, "%.1f", r.propagationMs())));
      if (r.propagationMs() != null) {
        props.add(r.propagationMs());
      }
      list.append(list.length() == 0 ? "" : ",").append(json(r));
    }
    StringBuilder warmupList = new StringBuilder();
    for (Rotation r : warmup) {
      warmupList.append(warmupList.length() == 0 ? "" : ",").append(json(r));
    }
    double[] p = props.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] t = answered.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    String triggerSummary = s.adminToken == null ? "null" : String.format(Locale.ROOT,
      "{\"answered_ms\":{\"p50\":%s,\"p99\":%s,\"max\":%s},\"repeated\":%d,\"failed\":%d}",
      json(pct(t, 50)), json(pct(t, 99)), json(t.length == 0 ? null : t[t.length - 1]), repeated, notOk);
    String json = String.format(Locale.ROOT,
      "{\"series\":\"%s\",\"started_at_epoch_ms\":%d,\"trigger\":%s,"
        + "\"connections\":%d,\"instances\":%d,\"duration_s\":%.1f,"
        + "\"load\":{\"ok\":%d,\"rps\":%.1f,\"latency_ms\":{\"p50\":%.3f,\"p99\":%.3f},"
        + "\"failed\":%d,\"failures\":%s,\"failure_details\":%s,\"stale_key_401\":%d,\"retries\":%d},"
        + "\"rotations\":{\"requested\":%d,\"completed\":%d,\"propagation_ms\":{\"p50\":%s,\"p99\":%s,\"max\":%s,"
        + "\"mean\":%s},\"list\":[%s],\"warmup\":[%s]}}%n",
      s.adminToken == null ? "periodic" : "on-demand", startedAtMs, triggerSummary,
      s.connections, s.instances, seconds, okTotal, okTotal / seconds, pct(lat, 50) / 1000, pct(lat, 99) / 1000,
      failedTotal, jsonMap(failures), jsonMap(details), staleTotal, retries, rotations.size(), p.length, json(pct(p, 50)),
      json(pct(p, 99)), json(p.length == 0 ? null : p[p.length - 1]),
      json(p.length == 0 ? null : Arrays.stream(p).average().orElseThrow()), list, warmupList);
    String suffix = s.adminToken == null ? "" : "-trigger";
    Files.writeString(s.outDir.resolve("rotation" + suffix + ".json"), json);
    Files.writeString(s.outDir.resolve("timeline" + suffix + ".tsv"), timeline);
    Files.writeString(s.outDir.resolve("rotations" + suffix + ".tsv"), marks);
    System.out.printf(Locale.ROOT, "rotation%s: %d/%d rotations applied everywhere, propagation p50 %s ms, p99 %s ms,"
        + " max %s ms; %d requests ok, %d failed, %d stale-key 401s retried%s%n", suffix, p.length, rotations.size(),
      json(pct(p, 50)), json(pct(p, 99)), json(p.length == 0 ? null : p[p.length - 1]), okTotal, failedTotal,
      staleTotal, s.adminToken == null ? "" : String.format(Locale.ROOT, "; trigger answered p50 %s ms, p99 %s ms"
        + " after the write, %d sent again, %d without an answer naming the new version", json(pct(t, 50)),
        json(pct(t, 99)), repeated, notOk));
  }

  /** One rotation as JSON: when, how long, per instance, and the trigger's answer in the on-demand series. */
  private static String json(Rotation r) {
    Trigger.Answer a = r.trigger();
    String trigger = a == null ? "" : String.format(Locale.ROOT, ",\"trigger\":{\"status\":%d,\"version\":%d,"
      + "\"changed\":%b,\"answered_ms\":%s,\"posts\":%d}", a.status(), a.version(), a.changed(), json(a.answeredMs()),
      a.posts());
    return String.format(Locale.ROOT,
      "{\"index\":%d,\"version\":%d,\"written_at_s\":%.3f,\"write_ms\":%.1f,\"propagation_ms\":%s,"
        + "\"probes\":%d,\"probe_errors\":%d,\"accepted_ms\":%s%s}",
      r.index(), r.version(), r.writtenAtS(), r.writeMs(), json(r.propagationMs()), r.probes(), r.probeErrors(),
      jsonMap(r.acceptedMs()), trigger);
  }

  private static int[] concatSorted(List<int[]> parts) {
    int[] out = new int[parts.stream().mapToInt(a -> a.length).sum()];
    int at = 0;
    for (int[] a : parts) {
      System.arraycopy(a, 0, out, at, a.length);
      at += a.length;
    }
    Arrays.sort(out);
    return out;
  }

  /** Nearest-rank percentile; NaN for no samples. */
  static double pct(int[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q / 100 * sorted.length) - 1)];
  }

  static Double pct(double[] sorted, double q) {
    return sorted.length == 0 ? null : sorted[Math.max(0, (int) Math.ceil(q / 100 * sorted.length) - 1)];
  }

  private static String json(Double v) {
    return v == null || v.isNaN() ? "null" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String jsonMap(Map<String, ? extends Number> m) {
    StringBuilder sb = new StringBuilder("{");
    m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
      .append(v instanceof Double d ? json(d) : v.toString()));
    return sb.append('}').toString();
  }
}
