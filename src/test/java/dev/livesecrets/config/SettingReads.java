package dev.livesecrets.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The setting names the main sources read, found by reading the sources as text (no class loading, so a setting
 * read only on a path no test takes is found too). Each name maps to where it is read, for failure messages.
 *
 * <p>Ways a setting is read, each with its pattern: a call on the {@link SettingSource} (the loaders' field
 * {@code source}) with the name as a literal; a literal passed to a loader's helper that hands its name parameter
 * on to such a call; {@code env.get(...)} or {@code System.getenv(...)} with a literal or a constant of the same
 * file; and {@code ${NAME}} or {@code ${NAME:-default}} in logback.xml.
 */
final class SettingReads {

  static final Path MAIN_JAVA = Path.of("src", "main", "java");
  static final Path LOGBACK = Path.of("src", "main", "resources", "logback.xml");

  private static final String NAME = "([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)";
  private static final Pattern SOURCE_CALL = Pattern.compile("\\bsource\\.\\w+\\(\\s*\"" + NAME + "\"");
  // A method with a String parameter first, up to the closing brace at its own (two-space) indent.
  private static final Pattern HELPER = Pattern.compile(
    "\\n  (?:private |static |final )*[\\w<>\\[\\]]+ (\\w+)\\(String (\\w+)[^)]*\\)\\s*\\{(.*?)\\n  }", Pattern.DOTALL);
  private static final Pattern ENV_GET = Pattern.compile("\\b(?:env\\.get|System\\.getenv)\\(\\s*(\"?)(\\w+)\\1\\s*\\)");
  private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{" + NAME + "(?::-[^}]*)?}");

  private SettingReads() {
  }

  /** Every setting name read in the main sources and logback.xml, each with the first file it is read in. */
  static Map<String, String> inMainSources() {
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN_JAVA)) {
      files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> inJava(read(f), f.getFileName()
        .toString(), found));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    inLogback(read(LOGBACK), LOGBACK.getFileName().toString(), found);
    return found;
  }

  static void inJava(String text, String where, Map<String, String> found) {
    all(SOURCE_CALL, text, 1).forEach(name -> found.putIfAbsent(name, where));
    Matcher helper = HELPER.matcher(text);
    while (helper.find()) {
      String method = helper.group(1);
      String parameter = helper.group(2);
      if (Pattern.compile("\\bsource\\.\\w+\\(\\s*" + parameter + "\\b").matcher(helper.group(3)).find()) {
        all(Pattern.compile("\\b" + method + "\\(\\s*\"" + NAME + "\""), text, 1)
          .forEach(name -> found.putIfAbsent(name, where));
      }
    }
    Matcher env = ENV_GET.matcher(text);
    while (env.find()) {
      String argument = env.group(2);
      String name = env.group(1).isEmpty() ? constant(text, argument) : argument;
      if (name != null) {
        found.putIfAbsent(name, where);
      }
    }
  }

  static void inLogback(String text, String where, Map<String, String> found) {
    all(LOGBACK_VARIABLE, text, 1).forEach(name -> found.putIfAbsent(name, where));
  }

  /** The value of {@code static final String identifier = "NAME"} in {@code text}, or null (not a name). */
  private static String constant(String text, String identifier) {
    Matcher m = Pattern.compile("static final String " + identifier + "\\s*=\\s*\"" + NAME + "\"").matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static Set<String> all(Pattern pattern, String text, int group) {
    Set<String> names = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      names.add(m.group(group));
    }
    return names;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
