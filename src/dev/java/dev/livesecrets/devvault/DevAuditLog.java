package dev.livesecrets.devvault;

import io.vertx.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's own audit log for the dev servers {@link DevServerLauncher} starts: a file audit device that writes one
 * JSON line per request and per response to {@value #FILE_NAME} in the server's private work directory, so every
 * access by the service (and by anyone else) is on record.
 *
 * <p>Values stay HMAC'd, the audit device's default; token accessors are written in clear
 * ({@code hmac_accessor=false}), because an accessor grants nothing and is what the service itself logs and shows in
 * {@code /secrets/status}, so a line can be matched with the token that made it.
 *
 * <p>OpenBao takes audit devices only from its configuration file ({@link #writeConfig}); HashiCorp Vault takes
 * them through the API once it runs ({@link #enable}). Blocking; call it off any Vert.x event loop.
 */
final class DevAuditLog {

  static final String FILE_NAME = "audit.log";
  static final String CONFIG_NAME = "audit.hcl";
  /** Where the device is mounted: {@code sys/audit/file}, as {@code vault audit enable file} would. */
  static final String DEVICE = "file";
  static final String DESCRIPTION = "live-secrets dev server: every request and response, values HMAC'd";

  private static final Logger LOG = LoggerFactory.getLogger(DevAuditLog.class);

  private DevAuditLog() {
  }

  /** OpenBao reads its audit devices from its configuration file; Vault, or a binary we cannot tell, takes the API. */
  static boolean declaredInConfig(String kind) {
    return kind.startsWith("OpenBao");
  }

  /** The device's options: the file, readable by this user only, values HMAC'd, accessors in clear. */
  static Map<String, String> options(Path log) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("file_path", log.toAbsolutePath().toString());
    options.put("mode", "0600");
    options.put("hmac_accessor", "false");
    return options;
  }

  /**
   * The configuration-file stanza that declares the device (OpenBao 2.x, "declarative audit devices"). Strings are
   * written as JSON string literals, whose escapes HCL reads the same way, so any path survives.
   */
  static String hcl(Path log) {
    StringBuilder text = new StringBuilder()
      .append("audit ").append(Json.encode("file")).append(' ').append(Json.encode(DEVICE)).append(" {\n")
      .append("  description = ").append(Json.encode(DESCRIPTION)).append('\n')
      .append("  options {\n");
    options(log).forEach((key, value) -> text.append("    ").append(key).append(" = ").append(Json.encode(value))
      .append('\n'));
    return text.append("  }\n}\n").toString();
  }

  /** Writes {@link #hcl} to {@value #CONFIG_NAME} in {@code workDir} and returns that file, for {@code -config=}. */
  static Path writeConfig(Path workDir, Path log) throws IOException {
    Path config = workDir.resolve(CONFIG_NAME);
    Files.writeString(config, hcl(log), StandardCharsets.UTF_8);
    return config;
  }

  /**
   * Makes sure the audit device of a server that just became healthy writes to {@code log}. A server that read
   * the device from its configuration has already opened the file; otherwise the device is enabled through the
   * API (HashiCorp Vault, or an OpenBao too old for declarative devices, which ignores the stanza).
   *
   * @return {@code log}, or empty when the server would not have the device: dev mode and the tests work without
   *     it, so that is a warning, not a failure
   */
  static Optional<Path> enable(String address, String token, Path log, String kind) {
    if (Files.exists(log)) {
      return Optional.of(log);
    }
    try {
      new VaultAdmin(address, token).enableFileAudit(DEVICE, DESCRIPTION, options(log));
      return Optional.of(log);
    } catch (IllegalStateException | UncheckedIOException e) {
      LOG.warn("{} runs without an audit log: {}{}", kind, e.getMessage(),
        declaredInConfig(kind) ? "" : " (OpenBao takes audit devices only from its configuration file)");
      return Optional.empty();
    }
  }
}
