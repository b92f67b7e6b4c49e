package dev.darkroom.internal.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Checks up front that an output directory can be used, so a long generation does not fail only
 * when its result is saved. Stateless and thread-safe.
 */
public final class WritableDirs {

  private WritableDirs() {}

  /**
   * Makes sure {@code dir} is a directory this process can create files in, by creating and
   * deleting a probe file {@code .darkroom-probe-<random>.tmp} in it.
   *
   * @param create whether to create {@code dir} and any missing parents
   * @return {@code dir} as an absolute, normalised path
   * @throws IllegalArgumentException with a message naming the directory and the reason, such as
   *     {@code output directory /x exists but is a file} or {@code output directory /x is not
   *     writable: ...}
   */
  public static Path requireWritable(Path dir, boolean create) {
    Objects.requireNonNull(dir, "dir");
    Path absolute = dir.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("output directory " + absolute + " exists but is a file");
    }
    if (!Files.isDirectory(absolute)) {
      if (!create) {
        throw new IllegalArgumentException("output directory " + absolute + " does not exist");
      }
      try {
        Files.createDirectories(absolute);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(
            "output directory " + absolute + " cannot be created: " + e.getFile()
                + " exists but is a file", e);
      } catch (IOException | SecurityException e) {
        throw new IllegalArgumentException(
            "output directory " + absolute + " is not writable: cannot create it: " + reason(e), e);
      }
    }
    try {
      Path probe = Files.createTempFile(absolute, ".darkroom-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "output directory " + absolute + " is not writable: " + reason(e), e);
    }
    return absolute;
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }
}
