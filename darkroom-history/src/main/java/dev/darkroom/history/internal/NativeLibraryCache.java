package dev.darkroom.history.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * Keeps sqlite-jdbc's native library extracted once, in {@code <home>/native/}, instead of letting
 * the driver copy the 1 MB library out of the jar into the temporary directory (and list that
 * directory to clean up old copies) in every process. The first open in a process writes the file if
 * it is missing (atomically, so a file that exists is whole; its name carries the driver version and
 * platform, so an upgrade writes a new one) and points the driver at it through its documented
 * {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} properties.
 *
 * <p>Nothing is changed when those properties are already set, when the platform has no bundled
 * library, or when the directory cannot be written: the driver then extracts as before. If the
 * cached file cannot be loaded (e.g. a {@code noexec} home), the driver falls back to extracting it.
 */
final class NativeLibraryCache {
  private static final String PATH_PROPERTY = "org.sqlite.lib.path";
  private static final String NAME_PROPERTY = "org.sqlite.lib.name";
  private static boolean done;

  private NativeLibraryCache() {}

  /** Points the driver at the cached library under {@code home}, extracting it there first when missing. */
  static synchronized void use(Path home) {
    if (done) {
      return;
    }
    done = true;
    if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
      return;
    }
    try {
      Optional<Path> cached = extractTo(home);
      if (cached.isPresent()) {
        System.setProperty(PATH_PROPERTY, cached.get().getParent().toString());
        System.setProperty(NAME_PROPERTY, cached.get().getFileName().toString());
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // The driver's own extraction still works; this is only a shortcut.
    }
  }

  /**
   * The driver's native library for this platform in {@code <home>/native/}, written there (atomically)
   * when it is not there yet; empty when the driver bundles none for this platform.
   */
  static Optional<Path> extractTo(Path home) throws IOException {
    String folder = LibraryLoaderUtil.getNativeLibResourcePath();
    String name = LibraryLoaderUtil.getNativeLibName();
    String platform = OSInfo.getNativeLibFolderPathForCurrentOS().replace('/', '-');
    Path dir = home.resolve("native");
    Path cached = dir.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + platform + "-" + name);
    if (Files.isRegularFile(cached) || extract(folder + "/" + name, dir, cached)) {
      return Optional.of(cached);
    }
    return Optional.empty();
  }

  private static boolean extract(String resource, Path dir, Path target) throws IOException {
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        tmp.toFile().setExecutable(true, false);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return true;
    }
  }
}
