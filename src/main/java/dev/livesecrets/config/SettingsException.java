package dev.livesecrets.config;

/**
 * A setting is missing or invalid. The message is one line naming the setting and what is expected;
 * it never contains a secret value, so it is safe to print as it is.
 */
public final class SettingsException extends RuntimeException {

  private final String setting;

  public SettingsException(String setting, String expected) {
    super(setting + ": " + expected);
    this.setting = setting;
  }

  /** The name of the offending setting, as written in the environment and in {@code conf/config.json}. */
  public String setting() {
    return setting;
  }
}
