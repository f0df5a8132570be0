package dev.livesecrets.image;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * An image tar in the {@code docker save} layout, as {@code jib:buildTar} writes it and {@code docker load} reads
 * it: {@code manifest.json} naming the config file and the layer files, each layer a (gzipped) tar. Read once,
 * streaming: what each layer holds (paths, modes, owners, links), its digest, and the few small files asked for.
 */
final class ImageTar {

  /** One file, directory or link in a layer; {@code path} without a leading {@code ./} or {@code /}. */
  record Entry(String path, int mode, long uid, long gid, boolean directory, boolean symbolicLink, String linkName) {

    boolean writableByOthers() {
      return (mode & 0002) != 0 && !symbolicLink;
    }
  }

  /** A layer as the manifest lists it: its file, the sha256 of its uncompressed tar, and what it holds. */
  record Layer(String file, String diffId, List<Entry> entries) {
  }

  private final List<String> repoTags;
  private final JsonObject config;
  private final List<Layer> layers;
  private final Map<String, String> files;

  private ImageTar(List<String> repoTags, JsonObject config, List<Layer> layers, Map<String, String> files) {
    this.repoTags = repoTags;
    this.config = config;
    this.layers = layers;
    this.files = files;
  }

  /** Reads {@code tar}, keeping the text of the layer files at {@code wanted} paths (the last layer's wins). */
  static ImageTar read(Path tar, Set<String> wanted) throws IOException {
    Map<String, byte[]> top = new HashMap<>();
    Map<String, Layer> layersByFile = new HashMap<>();
    Map<String, String> files = new HashMap<>();
    try (TarArchiveInputStream outer = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
      for (TarArchiveEntry entry = outer.getNextEntry(); entry != null; entry = outer.getNextEntry()) {
        String name = normalised(entry.getName());
        if (entry.isDirectory()) {
          continue;
        }
        if (name.endsWith(".json")) {
          top.put(name, outer.readAllBytes());
        } else {
          layersByFile.put(name, readLayer(name, outer, wanted, files));
        }
      }
    }
    byte[] manifestBytes = top.get("manifest.json");
    if (manifestBytes == null) {
      throw new IOException(tar + " has no manifest.json: not an image tar in the docker save layout");
    }
    JsonObject manifest = new JsonArray(new String(manifestBytes, StandardCharsets.UTF_8)).getJsonObject(0);
    byte[] configBytes = top.get(normalised(manifest.getString("Config")));
    if (configBytes == null) {
      throw new IOException(tar + " has no " + manifest.getString("Config") + ", the config its manifest names");
    }
    List<Layer> layers = new ArrayList<>();
    for (Object file : manifest.getJsonArray("Layers")) {
      Layer layer = layersByFile.get(normalised((String) file));
      if (layer == null) {
        throw new IOException(tar + " has no " + file + ", a layer its manifest names");
      }
      layers.add(layer);
    }
    List<String> repoTags = manifest.getJsonArray("RepoTags", new JsonArray()).stream().map(String.class::cast).toList();
    return new ImageTar(repoTags, new JsonObject(new String(configBytes, StandardCharsets.UTF_8)), layers, files);
  }

  /** The names {@code docker load} gives the image, {@code name:tag}. */
  List<String> repoTags() {
    return repoTags;
  }

  /** The image config: {@code config} (entrypoint, user, env, ports, ...), {@code rootfs}, {@code history}. */
  JsonObject config() {
    return config;
  }

  /** The container part of the config: {@code Entrypoint}, {@code User}, {@code Env}, {@code ExposedPorts}. */
  JsonObject container() {
    return config.getJsonObject("config", new JsonObject());
  }

  /** The image's environment, {@code NAME=value} lines as a map. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (Object line : container().getJsonArray("Env", new JsonArray())) {
      String text = (String) line;
      int equals = text.indexOf('=');
      env.put(text.substring(0, equals), text.substring(equals + 1));
    }
    return env;
  }

  /** The layers, bottom first. */
  List<Layer> layers() {
    return layers;
  }

  /** The entry at {@code path} as the image's file system shows it: the topmost layer holding it. */
  Optional<Entry> find(String path) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      for (Entry entry : layers.get(i).entries()) {
        if (entry.path().equals(path)) {
          return Optional.of(entry);
        }
      }
    }
    return Optional.empty();
  }

  /** The text of a file asked for by {@link #read}, if a layer holds it. */
  Optional<String> text(String path) {
    return Optional.ofNullable(files.get(path));
  }

  private static Layer readLayer(String file, InputStream blob, Set<String> wanted, Map<String, String> files)
    throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(blob);
    buffered.mark(2);
    boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
    buffered.reset();
    DigestInputStream digest = new DigestInputStream(gzip ? new GZIPInputStream(buffered) : buffered, sha256());
    List<Entry> entries = new ArrayList<>();
    // Not closed: closing it would close the outer tar's stream. Read to the end so the digest covers it all.
    TarArchiveInputStream layer = new TarArchiveInputStream(digest);
    for (TarArchiveEntry entry = layer.getNextEntry(); entry != null; entry = layer.getNextEntry()) {
      String path = normalised(entry.getName());
      if (path.isEmpty() || path.equals(".")) {
        continue;
      }
      entries.add(new Entry(path, entry.getMode(), entry.getLongUserId(), entry.getLongGroupId(), entry.isDirectory(),
        entry.isSymbolicLink(), entry.getLinkName()));
      if (wanted.contains(path) && entry.isFile()) {
        files.put(path, new String(layer.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    digest.transferTo(OutputStream.nullOutputStream());
    return new Layer(file, "sha256:" + HexFormat.of().formatHex(digest.getMessageDigest().digest()), entries);
  }

  private static String normalised(String name) {
    String path = name;
    while (path.startsWith("./") || path.startsWith("/")) {
      path = path.substring(path.indexOf('/') + 1);
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
