package dev.livesecrets.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A self-signed CA certificate in PEM, made with the JDK's keytool: no other tool needed. */
public final class SelfSignedCa {

  private SelfSignedCa() {
  }

  /** Writes {@code <name>-ca.pem} in {@code dir}, for a CA called {@code commonName}, and returns its path. */
  public static Path write(Path dir, String name, String commonName) {
    Path keystore = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + "-ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    assertThat(VaultCli.run(Map.of(), null, List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC",
      "-dname", "CN=" + commonName, "-ext", "bc=ca:true", "-validity", "2", "-keystore", keystore.toString(),
      "-storepass", "changeit", "-storetype", "PKCS12")).exitCode()).isZero();
    assertThat(VaultCli.run(Map.of(), null, List.of(keytool, "-exportcert", "-rfc", "-alias", name, "-keystore",
      keystore.toString(), "-storepass", "changeit", "-file", pem.toString())).exitCode()).isZero();
    Await.until(Duration.ofSeconds(5), "PEM written", () -> pem.toFile().length() > 0);
    return pem;
  }
}
