package dev.livesecrets.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed look-ups of settings: the environment first, then the configuration file (whose keys are the
 * same names), then the given default. Each bad value throws a {@link SettingsException} naming the
 * setting and what is expected. Blocking only where it checks files; used at startup.
 */
final class SettingSource {

  // Vault mount and secret paths: path segments without leading, trailing or doubled slashes.
  private static final Pattern VAULT_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

  final Map<String, String> env;
  final JsonObject file;

  SettingSource(JsonObject file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /** A value from the environment only (credentials: a file is one commit away from leaking). */
  String fromEnvOnly(String name) {
    return blankToNull(env.get(name));
  }

  boolean bool(String name, boolean fallback) {
    String value = string(name, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new SettingsException(name, "expected true or false, got '" + value + "'");
    };
  }

  long longIn(String name, long fallback, long min, long max) {
    String value = string(name, Long.toString(fallback));
    String expected = "expected a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max)
      + ", got '" + value + "'";
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        throw new SettingsException(name, expected);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new SettingsException(name, expected);
    }
  }

  Duration millis(String name, long fallback, long min) {
    return Duration.ofMillis(longIn(name, fallback, min, 7L * 86_400_000));
  }

  String string(String name, String fallback) {
    String value = raw(name);
    return value == null ? fallback : value;
  }

  /** The environment's value, else the file's; blank counts as unset. */
  String raw(String name) {
    String fromEnv = blankToNull(env.get(name));
    if (fromEnv != null) {
      return fromEnv;
    }
    Object fromFile = file.getValue(name);
    return fromFile == null ? null : blankToNull(fromFile.toString());
  }

  String vaultPath(String name, String fallback) {
    String value = string(name, fallback);
    boolean dotSegment = Arrays.stream(value.split("/")).anyMatch(segment -> segment.matches("\\.+"));
    if (!VAULT_PATH.matcher(value).matches() || dotSegment) {
      throw new SettingsException(name, "expected a Vault path such as '" + fallback + "' (letters, digits, "
        + "'_', '-', '.', separated by single '/', no leading or trailing '/', no '.' or '..' segment), got '"
        + value + "'");
    }
    return value;
  }

  /** The named file, checked to be a readable regular file; null when the setting is unset. */
  Path readableFile(String name) {
    String value = raw(name);
    if (value == null) {
      return null;
    }
    Path path = readable(value);
    if (path == null) {
      // A credential pasted where its file belongs must not end up in the error: quote evident paths only.
      throw new SettingsException(name, Redacted.isEvidentlyAPath(value)
        ? "expected a readable file, got '" + value + "'"
        : "expected the path of a readable file; the value given is none (not shown: it may be a credential)");
    }
    return path;
  }

  private static Path readable(String value) {
    try {
      Path path = Path.of(value);
      return Files.isRegularFile(path) && Files.isReadable(path) ? path : null;
    } catch (InvalidPathException notAPath) {
      return null;
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
