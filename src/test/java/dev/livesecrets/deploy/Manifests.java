package dev.livesecrets.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every YAML document under {@code infrastructure/kubernetes/}, parsed with SnakeYAML's safe constructor
 * (plain maps, lists and scalars), and a {@link Node} to walk them that says where it is in failure messages.
 */
final class Manifests {

  static final Path ROOT = Path.of("infrastructure", "kubernetes");

  private final List<Node> documents;

  private Manifests(List<Node> documents) {
    this.documents = documents;
  }

  static Manifests load() {
    List<Node> documents = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(Manifests::isYaml).sorted().toList()) {
        int index = 0;
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
          if (document != null) {
            documents.add(new Node(document, ROOT.relativize(file) + "#" + index));
          }
          index++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Manifests(documents);
  }

  static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  List<Node> all() {
    return documents;
  }

  /** The one document of {@code kind} in the directory ROOT itself (what kustomize applies), failing otherwise. */
  Node one(String kind) {
    List<Node> found = documents.stream()
      .filter(d -> kind.equals(d.at("kind").text()) && !d.where().contains("/"))
      .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " in " + ROOT + ", found " + found.size());
    }
    return found.get(0);
  }

  /**
   * A place in a parsed document: the value there (null when absent) and its path, such as
   * {@code deployment.yaml#0.spec.template.spec.containers[0]}.
   */
  record Node(Object value, String where) {

    Node at(String key) {
      Object child = value instanceof Map<?, ?> map ? map.get(key) : null;
      return new Node(child, where + "." + key);
    }

    /** Follows a dotted path of keys. */
    Node path(String dotted) {
      Node node = this;
      for (String key : dotted.split("\\.")) {
        node = node.at(key);
      }
      return node;
    }

    List<Node> items() {
      if (!(value instanceof List<?> list)) {
        return List.of();
      }
      List<Node> items = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        items.add(new Node(list.get(i), where + "[" + i + "]"));
      }
      return items;
    }

    boolean present() {
      return value != null;
    }

    String text() {
      return value == null ? null : value.toString();
    }

    /** A whole number, also when written as a string ({@code "8080"}, as env values must be). */
    Long number() {
      if (value instanceof Number n) {
        return n.longValue();
      }
      try {
        return value == null ? null : Long.parseLong(value.toString().trim());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
  }
}
