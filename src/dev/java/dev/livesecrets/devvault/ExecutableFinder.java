package dev.livesecrets.devvault;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Looks programs up on a {@code PATH}, the way a shell would. Blocking file-system checks only. */
public final class ExecutableFinder {

  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");

  private ExecutableFinder() {
  }

  /** The first executable file called {@code name} in the directories of {@code env}'s {@code PATH}. */
  public static Optional<Path> onPath(String name, Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String candidate : WINDOWS ? new String[] {name + ".exe", name} : new String[] {name}) {
        try {
          Path file = Path.of(dir, candidate);
          if (Files.isRegularFile(file) && Files.isExecutable(file)) {
            return Optional.of(file.toAbsolutePath());
          }
        } catch (InvalidPathException ignored) {
          // A malformed PATH entry is skipped, as shells do.
        }
      }
    }
    return Optional.empty();
  }
}
