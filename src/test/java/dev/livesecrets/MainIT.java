package dev.livesecrets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real entry point, started as a process: a bad setting ends it with one clear line. */
class MainIT {

  @Test
  void badSettingStopsStartupWithOneLineNamingItAndExitCodeTwo() throws Exception {
    Result result = runMain(Map.of("VAULT_TOKEN", "s.not-a-real-token-but-secret", "HTTP_PORT", "eighty"));
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.stderr.strip().lines().toList())
      .containsExactly("Configuration error: HTTP_PORT: expected a whole number from 1 to 65535, got 'eighty'");
    assertThat(result.stdout + result.stderr).doesNotContain("s.not-a-real-token-but-secret");
  }

  @Test
  void missingTokenStopsStartupNamingVaultToken() throws Exception {
    Result result = runMain(Map.of());
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.stderr).contains("VAULT_TOKEN").contains("required");
  }

  @Test
  void failFastEndsTheProcessWithinBoundedTimeWhenVaultIsAway() throws Exception {
    long start = System.nanoTime();
    Result result = runMain(Map.of("VAULT_TOKEN", "s.fail-fast-token-value", "VAULT_FAIL_FAST", "true",
      "VAULT_ADDR", "http://127.0.0.1:" + dev.livesecrets.devvault.FreePorts.pick(),
      "SECRETS_REFRESH_PERIOD_MS", "1000", "HTTP_PORT", Integer.toString(dev.livesecrets.devvault.FreePorts.pick())));
    long seconds = (System.nanoTime() - start) / 1_000_000_000;
    assertThat(result.exitCode).isEqualTo(1);
    assertThat(seconds).as("seconds to exit").isLessThan(20);
    assertThat(result.stdout + result.stderr).contains("VAULT_FAIL_FAST=true and the first read of secret/live-secrets failed")
      .contains("cannot connect to Vault").doesNotContain("s.fail-fast-token-value");
  }

  private record Result(int exitCode, String stdout, String stderr) {
  }

  private static Result runMain(Map<String, String> env) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
      Main.class.getName()));
    builder.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("SECRETS_")
      || k.startsWith("HTTP_") || k.equals("CONFIG_FILE"));
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process ends by itself").isTrue();
    return new Result(process.exitValue(),
      new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
      new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
