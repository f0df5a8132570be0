package dev.livesecrets.vault;

import dev.livesecrets.config.AppRoleSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** AppRole: the role_id from the settings, the secret_id from its {@link SecretIdSource}. */
final class AppRoleLogin implements LoginMethod {

  private final AppRoleSettings settings;
  private final VaultTokenClient client;
  private final SecretIdSource secretIds;

  AppRoleLogin(Vertx vertx, AppRoleSettings settings, VaultTokenClient client) {
    this.settings = settings;
    this.client = client;
    this.secretIds = new SecretIdSource(vertx, settings, client);
  }

  @Override
  public Future<Login> login() {
    return secretIds.secretId().compose(secretId -> client.loginAppRole(settings.roleId(), secretId));
  }
}
