package dev.livesecrets.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML templates with {@code {{slot}}} placeholders, filled in one pass, and escaping. Pure; any thread. */
final class Html {

  private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");

  private Html() {
  }

  /** Text and attribute values alike: Vault paths, key names and error descriptions come from outside. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** One pass, so a value that happens to contain {@code {{x}}} is never filled in again. */
  static String fill(String template, Map<String, String> slots) {
    Matcher slot = SLOT.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 4096);
    while (slot.find()) {
      String value = slots.get(slot.group(1));
      if (value == null) {
        throw new IllegalStateException("status page template slot without a value: " + slot.group(1));
      }
      slot.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return slot.appendTail(out).toString();
  }

  static String template(String resource) {
    try (InputStream in = Html.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("status page template missing from the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
