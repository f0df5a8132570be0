package dev.livesecrets.config;

/**
 * Where the operational endpoints are served, and whether they show the Vault token's accessor.
 *
 * @param port              {@code MANAGEMENT_PORT}: when set, {@code /metrics}, {@code /status},
 *                          {@code /secrets/status}, {@code /admin/*} and the detailed readiness are served
 *                          on this port only, and the public port answers them 404 and says only whether it
 *                          is ready; null: everything stays on the public port, as before the setting existed
 * @param host              {@code MANAGEMENT_HOST}, the address the management server binds
 * @param showTokenAccessor {@code STATUS_SHOW_TOKEN_ACCESSOR}: show the accessor in status pages (anyone
 *                          allowed to revoke by accessor can revoke the service's token with it)
 */
public record ManagementSettings(Integer port, String host, boolean showTokenAccessor) {

  /** Whether the operational endpoints have a port of their own. */
  public boolean separatePort() {
    return port != null;
  }
}
