package dev.livesecrets.deploy;

import dev.livesecrets.config.SettingNames;
import dev.livesecrets.config.Settings;
import dev.livesecrets.config.SettingsLoader;
import dev.livesecrets.deploy.Manifests.Node;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests under {@code infrastructure/kubernetes/} against the service itself: its setting names, the
 * ports and timings its own loader derives from the container's env, the routes its servers define, and the
 * Vault role the set-up script writes. No cluster is involved: this proves the files agree with the code, not
 * that a cluster accepts them.
 */
class KubernetesManifestsTest {

  // Read by the JVM (or the image's entrypoint), not by the service, so not in SettingNames.
  private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");
  private static final Path HTTP_VERTICLE = Path.of("src/main/java/dev/livesecrets/http/HttpVerticle.java");
  private static final Path MANAGEMENT_VERTICLE = Path.of("src/main/java/dev/livesecrets/http/ManagementVerticle.java");
  private static final Path VAULT_SETUP = Manifests.ROOT.resolve("vault/setup-kubernetes-auth.sh");
  private static final Pattern ROUTE = Pattern.compile("router\\.get\\(\"([^\"]+)\"\\)");
  private static final Pattern SCRIPT_DEFAULT = Pattern.compile("\\$\\{(\\w+):-([^}]*)}");
  private static final long KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

  private final Manifests manifests = Manifests.load();
  private final Node deployment = manifests.one("Deployment");
  private final Node pod = deployment.path("spec.template.spec");
  private final Node container = onlyContainer();
  private final Map<String, String> env = envValues();
  private final Settings settings = settingsThePodGets();

  @Test
  void everyManifestIsAKubernetesObjectWithAName() {
    assertThat(manifests.all()).as("YAML documents under " + Manifests.ROOT).isNotEmpty();
    for (Node document : manifests.all()) {
      assertThat(document.at("apiVersion").text()).as(document.where() + ": apiVersion").isNotBlank();
      assertThat(document.at("kind").text()).as(document.where() + ": kind").isNotBlank();
      if (!"Kustomization".equals(document.at("kind").text())) {
        assertThat(document.path("metadata.name").text()).as(document.where() + ": metadata.name").isNotBlank();
      }
    }
  }

  @Test
  void kustomizationAppliesEveryManifestBesideIt() throws IOException {
    Set<String> listed = manifests.one("Kustomization").at("resources").items().stream().map(Node::text)
      .collect(Collectors.toCollection(TreeSet::new));
    Set<String> beside;
    try (Stream<Path> files = Files.list(Manifests.ROOT)) {
      beside = files.filter(Manifests::isYaml).map(f -> f.getFileName().toString())
        .filter(name -> !name.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(listed).as("kustomization.yaml resources against the manifests in " + Manifests.ROOT
      + " (vault/ is applied by hand, see token-reviewer.yaml)").isEqualTo(beside);
  }

  @Test
  void everyEnvVarOnTheContainerIsASettingTheServiceKnows() {
    Set<String> unknown = new TreeSet<>();
    for (Node variable : container.at("env").items()) {
      String name = variable.at("name").text();
      if (!SettingNames.known(name) && !JVM_ENV.contains(name)) {
        unknown.add(name);
      }
    }
    assertThat(unknown).as("env vars set in deployment.yaml that the service never reads (a misspelling is "
      + "ignored silently and the default applies): add them to SettingNames or correct them").isEmpty();
  }

  @Test
  void containerPortsAreThePortsTheServiceListensOn() {
    Set<Long> listening = new TreeSet<>(Set.of((long) settings.httpPort()));
    if (settings.management().separatePort() && !loopback(settings.management().host())) {
      listening.add((long) settings.management().port());
    }
    for (Node port : container.at("ports").items()) {
      assertThat(port.at("containerPort").number()).as(port.where() + ": a port the service listens on (HTTP_PORT="
        + settings.httpPort() + ", MANAGEMENT_PORT only when MANAGEMENT_HOST is not loopback)").isIn(listening);
    }
  }

  @Test
  void probesAskForPathsTheServiceServesOnThePortTheyTarget() throws IOException {
    Set<String> publicRoutes = routes(HTTP_VERTICLE);
    Set<String> managementRoutes = routes(MANAGEMENT_VERTICLE);
    assertThat(publicRoutes).as("routes found in " + HTTP_VERTICLE).contains("/health/live", "/health/ready");
    Map<String, String> expectedPaths = Map.of("livenessProbe", "/health/live", "readinessProbe", "/health/ready",
      "startupProbe", "/health/live");
    for (Map.Entry<String, String> expected : expectedPaths.entrySet()) {
      Node probe = container.at(expected.getKey()).at("httpGet");
      if (expected.getKey().equals("startupProbe") && !probe.present()) {
        continue;
      }
      assertThat(probe.at("path").text()).as(probe.where() + ".path").isEqualTo(expected.getValue());
      long port = probePort(probe);
      boolean management = settings.management().separatePort() && port == settings.management().port();
      Set<String> served = port == settings.httpPort() ? publicRoutes : management ? managementRoutes : Set.of();
      assertThat(served).as(probe.where() + ": routes of the server on port " + port).contains(expected.getValue());
    }
  }

  @Test
  void probesTargetTheHttpPortOrAManagementPortTheKubeletCanReach() {
    for (String name : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      Node probe = container.at(name).at("httpGet");
      if (!probe.present()) {
        continue;
      }
      long port = probePort(probe);
      if (settings.management().separatePort() && port == settings.management().port()) {
        assertThat(loopback(settings.management().host()))
          .as(probe.where() + ": the management port is bound to MANAGEMENT_HOST=" + settings.management().host()
            + ", which the kubelet cannot reach; probe the API port or set MANAGEMENT_HOST=0.0.0.0").isFalse();
      } else {
        assertThat(port).as(probe.where() + ": the port the service serves /health/* on (HTTP_PORT "
          + (env.containsKey("HTTP_PORT") ? "as set in the env" : "default") + ")").isEqualTo(settings.httpPort());
      }
      assertThat(probe.at("scheme").text()).as(probe.where() + ".scheme: HTTPS_ENABLED is not set, the port is "
        + "plain HTTP").isIn(null, "HTTP");
    }
    assertThat(container.at("readinessProbe").present()).as("a readiness probe").isTrue();
    assertThat(container.at("livenessProbe").present()).as("a liveness probe").isTrue();
  }

  @Test
  void serviceTargetsTheContainerPortThatIsTheHttpPort() {
    Node service = manifests.one("Service");
    List<Node> ports = service.path("spec.ports").items();
    assertThat(ports).as(service.where() + ": spec.ports").isNotEmpty();
    for (Node port : ports) {
      Node target = port.at("targetPort").present() ? port.at("targetPort") : port.at("port");
      assertThat(containerPort(target)).as(port.where() + ".targetPort " + target.text()
        + ": the container port equal to HTTP_PORT").isEqualTo(settings.httpPort());
    }
  }

  @Test
  void shutdownFitsInsideTheTerminationGracePeriod() {
    long preStop = preStopSleepSeconds();
    assertThat(preStop).as("a preStop sleep, so endpoints and proxies drop the pod before SIGTERM").isPositive();
    Duration drain = settings.shutdown().drain();
    Duration grace = settings.shutdown().grace();
    Duration revoke = settings.vault().requestTimeout();
    Duration needed = Duration.ofSeconds(preStop).plus(drain).plus(grace).plus(revoke);
    Node period = pod.at("terminationGracePeriodSeconds");
    long allowed = period.present() ? period.number() : KUBERNETES_DEFAULT_GRACE_SECONDS;
    assertThat(needed).as("preStop " + preStop + " s + SHUTDOWN_DRAIN_MS " + drain.toMillis()
      + " + SHUTDOWN_GRACE_MS " + grace.toMillis() + " + the token revocation (VAULT_REQUEST_TIMEOUT_MS "
      + revoke.toMillis() + ") against terminationGracePeriodSeconds " + allowed + ": past it the kubelet kills "
      + "the JVM mid-drain").isLessThanOrEqualTo(Duration.ofSeconds(allowed));
  }

  @Test
  void containerRunsAsNonRootWithAReadOnlyRootAndNoPrivileges() {
    Node pods = pod.at("securityContext");
    Node own = container.at("securityContext");
    assertThat(effective(own, pods, "runAsNonRoot").value()).as("runAsNonRoot").isEqualTo(true);
    assertThat(effective(own, pods, "runAsUser").number()).as("runAsUser (the image's non-root user)")
      .isEqualTo(65532L);
    assertThat(own.at("readOnlyRootFilesystem").value()).as(own.where() + ".readOnlyRootFilesystem").isEqualTo(true);
    assertThat(own.at("allowPrivilegeEscalation").value()).as(own.where() + ".allowPrivilegeEscalation")
      .isEqualTo(false);
    assertThat(own.path("capabilities.drop").items().stream().map(Node::text).toList())
      .as(own.where() + ".capabilities.drop").contains("ALL");
    assertThat(effective(own, pods, "seccompProfile").at("type").text()).as("seccompProfile.type")
      .isEqualTo("RuntimeDefault");
    String tmpVolume = container.at("volumeMounts").items().stream()
      .filter(m -> "/tmp".equals(m.at("mountPath").text())).map(m -> m.at("name").text()).findFirst().orElse(null);
    assertThat(tmpVolume).as("a volume at /tmp: the JVM and Vert.x write temporary files there, the root is "
      + "read-only").isNotNull();
    assertThat(volume(tmpVolume).at("emptyDir").present()).as("the /tmp volume is an emptyDir").isTrue();
  }

  @Test
  void vaultLoginUsesAProjectedTokenForTheRoleTheSetUpScriptWrites() throws IOException {
    Map<String, String> script = scriptDefaults();
    assertThat(env.get("VAULT_AUTH_METHOD")).as("VAULT_AUTH_METHOD").isEqualTo("kubernetes");
    assertThat(env.get("VAULT_AUTH_ROLE")).as("VAULT_AUTH_ROLE: the role setup-kubernetes-auth.sh writes")
      .isEqualTo(script.get("VAULT_AUTH_ROLE"));
    assertThat(env.getOrDefault("VAULT_AUTH_MOUNT", "kubernetes")).as("VAULT_AUTH_MOUNT: where the script enables "
      + "the auth method").isEqualTo(script.get("VAULT_AUTH_MOUNT"));

    String jwtFile = env.get("VAULT_AUTH_JWT_FILE");
    assertThat(jwtFile).as("VAULT_AUTH_JWT_FILE").isNotBlank();
    Node mount = container.at("volumeMounts").items().stream()
      .filter(m -> jwtFile.startsWith(m.at("mountPath").text() + "/")).findFirst()
      .orElseThrow(() -> new AssertionError("VAULT_AUTH_JWT_FILE " + jwtFile + " is under no volume mount"));
    String inVolume = jwtFile.substring(mount.at("mountPath").text().length() + 1);
    Node token = volume(mount.at("name").text()).path("projected.sources").items().stream()
      .map(s -> s.at("serviceAccountToken")).filter(t -> inVolume.equals(t.at("path").text())).findFirst()
      .orElseThrow(() -> new AssertionError("VAULT_AUTH_JWT_FILE " + jwtFile + " is no projected serviceAccountToken"
        + " in volume " + mount.at("name").text()));
    assertThat(token.at("audience").text()).as(token.where() + ".audience: the role's audience (K8S_AUDIENCE)")
      .isEqualTo(script.get("K8S_AUDIENCE"));
    assertThat(token.at("expirationSeconds").number()).as(token.where() + ".expirationSeconds: short-lived "
      + "(Kubernetes allows 600 at least)").isBetween(600L, 3600L);

    Node account = manifests.one("ServiceAccount");
    assertThat(pod.at("serviceAccountName").text()).as("serviceAccountName: the one the role is bound to")
      .isEqualTo(account.path("metadata.name").text()).isEqualTo(script.get("K8S_SERVICE_ACCOUNT"));
    assertThat(manifests.one("Kustomization").at("namespace").text()).as("the namespace the role is bound to")
      .isEqualTo(script.get("K8S_NAMESPACE"));
    assertThat(pod.at("automountServiceAccountToken").value()).as("no Kubernetes API token: the service never "
      + "calls the API").isEqualTo(false);
  }

  @Test
  void serviceDisruptionBudgetAndNetworkPolicySelectThePods() {
    Map<?, ?> podLabels = (Map<?, ?>) deployment.path("spec.template.metadata.labels").value();
    assertThat(deployment.path("spec.selector.matchLabels").value()).as("the Deployment's selector")
      .isEqualTo(podLabels);
    assertThat(manifests.one("Service").path("spec.selector").value()).as("the Service's selector")
      .isEqualTo(podLabels);
    Node budget = manifests.one("PodDisruptionBudget");
    assertThat(budget.path("spec.selector.matchLabels").value()).as("the budget's selector").isEqualTo(podLabels);
    assertThat(budget.path("spec.maxUnavailable").number()).as("the budget lets at most one of "
      + deployment.path("spec.replicas").number() + " replicas go").isEqualTo(1L);
    assertThat(deployment.path("spec.replicas").number()).as("replicas").isEqualTo(3L);
    assertThat(manifests.one("NetworkPolicy").path("spec.podSelector.matchLabels").value())
      .as("the NetworkPolicy's selector").isEqualTo(podLabels);
  }

  @Test
  void networkPolicyLetsInTheHttpPortAndOutOnlyVaultAndDns() {
    Node policy = manifests.one("NetworkPolicy").at("spec");
    assertThat(policy.at("policyTypes").items().stream().map(Node::text).toList()).containsExactlyInAnyOrder(
      "Ingress", "Egress");
    for (Node rule : policy.at("ingress").items()) {
      assertThat(rule.at("ports").items()).as(rule.where() + ": an ingress rule names its ports").isNotEmpty();
      for (Node port : rule.at("ports").items()) {
        assertThat(containerPort(port.at("port"))).as(port.where() + ": only the HTTP port comes in")
          .isEqualTo(settings.httpPort());
      }
    }
    URI vault = settings.vault().address();
    long vaultPort = vault.getPort() != -1 ? vault.getPort() : "https".equals(vault.getScheme()) ? 443 : 80;
    Set<String> egress = new TreeSet<>();
    for (Node rule : policy.at("egress").items()) {
      assertThat(rule.at("ports").items()).as(rule.where() + ": an egress rule names its ports").isNotEmpty();
      rule.at("ports").items().forEach(p -> egress.add(p.at("port").number() + "/" + p.at("protocol").text()));
    }
    assertThat(egress).as("egress: Vault (port of VAULT_ADDR " + vault + ") and DNS, nothing else")
      .containsExactlyInAnyOrder(vaultPort + "/TCP", "53/UDP", "53/TCP");
  }

  @Test
  void containerHasResourceRequestsAndLimits() {
    Node resources = container.at("resources");
    for (String bound : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        assertThat(resources.at(bound).at(resource).text()).as(resources.where() + "." + bound + "." + resource)
          .isNotBlank();
      }
    }
  }

  // --- what the service derives from the manifest ---------------------------------------------------------------

  /**
   * The settings the service's own loader builds from the container's env (its defaults for what is unset): the
   * ports, the shutdown timings, Vault's address and request timeout. The login is replaced by a token stand-in,
   * since its settings name a file only the pod has.
   */
  private Settings settingsThePodGets() {
    Map<String, String> taken = new HashMap<>();
    for (String name : List.of("HTTP_HOST", "HTTP_PORT", "MANAGEMENT_PORT", "MANAGEMENT_HOST", "SHUTDOWN_DRAIN_MS",
        "SHUTDOWN_GRACE_MS", "SECRETS_REFRESH_PERIOD_MS", "VAULT_ADDR", "VAULT_REQUEST_TIMEOUT_MS", "VAULT_ENABLED")) {
      if (env.containsKey(name)) {
        taken.put(name, env.get(name));
      }
    }
    taken.put("VAULT_AUTH_METHOD", "token");
    taken.put("VAULT_TOKEN", "stand-in-for-the-kubernetes-login");
    return SettingsLoader.load(new JsonObject(), taken);
  }

  private Map<String, String> envValues() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Node variable : container.at("env").items()) {
      if (variable.at("value").present()) {
        values.put(variable.at("name").text(), variable.at("value").text());
      }
    }
    return values;
  }

  private Node onlyContainer() {
    List<Node> containers = pod.at("containers").items();
    assertThat(containers).as(pod.where() + ".containers").hasSize(1);
    return containers.get(0);
  }

  private long probePort(Node httpGet) {
    return containerPort(httpGet.at("port"));
  }

  /** A port given by number or by the name of one of the container's ports. */
  private long containerPort(Node port) {
    Long number = port.number();
    if (number != null) {
      return number;
    }
    return container.at("ports").items().stream().filter(p -> port.text().equals(p.at("name").text()))
      .map(p -> p.at("containerPort").number()).findFirst()
      .orElseThrow(() -> new AssertionError(port.where() + ": no container port is named '" + port.text() + "'"));
  }

  private Node volume(String name) {
    return pod.at("volumes").items().stream().filter(v -> name.equals(v.at("name").text())).findFirst()
      .orElseThrow(() -> new AssertionError(pod.where() + ".volumes: none named '" + name + "'"));
  }

  private long preStopSleepSeconds() {
    Node preStop = container.path("lifecycle.preStop");
    if (preStop.at("sleep").present()) {
      return preStop.path("sleep.seconds").number();
    }
    List<String> command = preStop.path("exec.command").items().stream().map(Node::text).toList();
    Matcher sleep = Pattern.compile("(?:^|\\s)sleep\\s+(\\d+)\\s*$").matcher(String.join(" ", command));
    return sleep.find() ? Long.parseLong(sleep.group(1)) : 0;
  }

  /** The container's own security setting, else the pod's (Kubernetes' precedence). */
  private static Node effective(Node container, Node pod, String key) {
    return container.at(key).present() ? container.at(key) : pod.at(key);
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static Set<String> routes(Path source) throws IOException {
    Set<String> routes = new TreeSet<>();
    Matcher m = ROUTE.matcher(Files.readString(source));
    while (m.find()) {
      routes.add(m.group(1));
    }
    return routes;
  }

  /** The script's defaults, {@code ${NAME:-value}}: what it writes when run as the README says. */
  private static Map<String, String> scriptDefaults() throws IOException {
    Map<String, String> defaults = new HashMap<>();
    Matcher m = SCRIPT_DEFAULT.matcher(Files.readString(VAULT_SETUP));
    while (m.find()) {
      defaults.putIfAbsent(m.group(1), m.group(2));
    }
    return defaults;
  }
}
