package dev.livesecrets.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * How a rejected setting's value may be quoted in its error, for settings that can hold a credential:
 * by mistake (a token pasted where its file's path belongs) or by design (user info or a query in a URL).
 * Pure apart from one look at the file system; startup thread.
 */
final class Redacted {

  private Redacted() {
  }

  /**
   * Whether {@code value} is evidently a path, so that quoting it helps an operator look for the file:
   * it names a directory, not the root, that exists, and it holds no control character. A credential
   * such as a Vault token ({@code hvs.…}, {@code s.…}) or PEM text names no directory.
   */
  static boolean isEvidentlyAPath(String value) {
    if (value.chars().anyMatch(Character::isISOControl)) {
      return false;
    }
    try {
      Path parent = Path.of(value).getParent();
      return parent != null && !parent.equals(parent.getRoot()) && Files.isDirectory(parent);
    } catch (InvalidPathException notAPath) {
      return false;
    }
  }

  /**
   * {@code value} in quotes with its user info and its query and fragment replaced by {@code ***}:
   * {@code https://***@vault:8200/?***}. String work only, since a URL that a parser refuses can still
   * hold a password. A value without {@code scheme://} is not shown at all: it may be a pasted token.
   */
  static String url(String value) {
    int schemeEnd = value.indexOf("://");
    if (schemeEnd < 0 || value.chars().anyMatch(Character::isISOControl)) {
      return "a value that is not a URL (not shown: it may be a credential)";
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = firstOf(value, authorityStart, "/?#");
    String authority = value.substring(authorityStart, authorityEnd);
    int at = authority.lastIndexOf('@');
    StringBuilder shown = new StringBuilder(value.substring(0, authorityStart))
      .append(at >= 0 ? "***@" + authority.substring(at + 1) : authority);
    int queryStart = firstOf(value, authorityEnd, "?#");
    shown.append(value, authorityEnd, queryStart);
    if (queryStart < value.length()) {
      shown.append(value.charAt(queryStart)).append("***");
    }
    return "'" + shown + "'";
  }

  private static int firstOf(String value, int from, String characters) {
    for (int i = from; i < value.length(); i++) {
      if (characters.indexOf(value.charAt(i)) >= 0) {
        return i;
      }
    }
    return value.length();
  }
}
