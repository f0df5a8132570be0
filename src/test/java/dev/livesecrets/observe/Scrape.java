package dev.livesecrets.observe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Prometheus text scrape, parsed: each sample line as {@code name{labels}} to its value. Test threads only.
 */
final class Scrape {

  private final String text;
  private final Map<String, Double> samples = new LinkedHashMap<>();

  Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), parse(line.substring(space + 1)));
    }
  }

  String text() {
    return text;
  }

  /** The value of {@code sample} (for example {@code live_secrets_reads_total{outcome="ok"}}); fails if absent. */
  double value(String sample) {
    Double value = samples.get(sample);
    if (value == null) {
      throw new AssertionError("no sample " + sample + " in the scrape");
    }
    return value;
  }

  /** The sum of every sample of {@code name}, whatever its labels. */
  double sum(String name) {
    return samples.entrySet().stream()
      .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
      .mapToDouble(Map.Entry::getValue)
      .sum();
  }

  /** The samples of {@code name} by their labels, for messages. */
  Map<String, Double> samples(String name) {
    Map<String, Double> found = new LinkedHashMap<>();
    samples.forEach((key, value) -> {
      if (key.equals(name) || key.startsWith(name + "{")) {
        found.put(key, value);
      }
    });
    return found;
  }

  boolean has(String namePrefix) {
    return samples.keySet().stream().anyMatch(key -> key.startsWith(namePrefix));
  }

  private static double parse(String value) {
    return switch (value) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }
}
