package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCliStrategyTest {

  private static final String TOKEN = "dev-0123456789abcdef0123456789abcdef";
  private static final String ID = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899";

  @TempDir
  Path dir;

  @Test
  void runCommandPassesTheTokenByNameOnly() {
    ProcessBuilder run = DockerCliStrategy.runCommand(Path.of("/usr/bin/docker"), 41234, TOKEN);

    assertThat(run.command()).containsExactly("/usr/bin/docker", "run", "-d", "--rm",
      "--cap-add", "IPC_LOCK",
      "-e", "VAULT_DEV_ROOT_TOKEN_ID",
      "-e", "VAULT_DEV_LISTEN_ADDRESS=0.0.0.0:8200",
      "-p", "127.0.0.1:41234:8200",
      "hashicorp/vault:1.15");
    assertThat(run.environment()).containsEntry("VAULT_DEV_ROOT_TOKEN_ID", TOKEN);
  }

  @Test
  void containerIdIsTheLastLineAfterPullProgress() {
    List<String> output = List.of("Unable to find image 'hashicorp/vault:1.15' locally", "1.15: Pulling from x",
      "Status: Downloaded newer image for hashicorp/vault:1.15", ID, "");

    assertThat(DockerCliStrategy.containerId(output)).contains(ID);
  }

  @Test
  void noContainerIdWhenTheLastLineIsNotOne() {
    assertThat(DockerCliStrategy.containerId(List.of(ID, "docker: Error response from daemon"))).isEmpty();
    assertThat(DockerCliStrategy.containerId(List.of())).isEmpty();
  }

  @Test
  void skipsWhenDockerIsNotOnThePath() throws Exception {
    DockerCliStrategy strategy = new DockerCliStrategy(Map.of("PATH", dir.toString()));

    assertThat(strategy.tryStart()).isEmpty();
    assertThat(strategy.unavailableReason()).contains("`docker` is not on PATH");
  }
}
