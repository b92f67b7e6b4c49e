package dev.darkroom.internal.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes files so that readers never see a partial file and, unless asked, nothing existing is
 * replaced.
 *
 * <p>Data first goes to a temporary file {@code .<name>.<random>.tmp} in the target's directory,
 * is forced to disk, and is then published under its final name; the directory is then forced too
 * where the platform allows it. Without overwrite, publication is a hard link, which fails rather
 * than replaces, so concurrent writers in any number of threads or processes each get their own
 * name: {@code out.png}, {@code out-1.png}, {@code out-2.png}, ... On file systems without hard
 * links it falls back to a move without replace, which leaves a small window in which two
 * writers racing for the same name could collide. With overwrite, publication is an atomic
 * rename over the old file. On any failure the temporary file is deleted; only a killed process
 * leaves one behind, and {@link #removeStaleTemporaries} clears those.
 *
 * <p>Stateless and thread-safe.
 */
public final class AtomicFiles {

  /** How many numbered alternatives {@code name-1 ... name-N} are tried before giving up. */
  public static final int MAX_NUMBERED = 100_000;

  /** Writes the content of a file to a stream that the caller must not close. */
  @FunctionalInterface
  public interface ContentWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final int MAX_TEMP_STEM = 100;

  /** {@code .<name>.<random>.tmp}, as {@link #createTemp} names them: a non-negative long in base 36. */
  private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.[0-9a-z]{1,13}\\.tmp");

  private AtomicFiles() {}

  /**
   * Atomically writes {@code data} to {@code desired}, or to the first free numbered alternative
   * when {@code overwrite} is {@code false} and {@code desired} exists.
   *
   * @return the path actually written
   * @throws IOException if the file cannot be written or published; no temporary file remains
   */
  public static Path writeNew(Path desired, byte[] data, boolean overwrite) throws IOException {
    Objects.requireNonNull(data, "data");
    return writeNew(desired, out -> out.write(data), overwrite);
  }

  /**
   * Like {@link #writeNew(Path, byte[], boolean)} but streams {@code in} to its end; {@code in}
   * is not closed.
   */
  public static Path writeNew(Path desired, InputStream in, boolean overwrite) throws IOException {
    Objects.requireNonNull(in, "in");
    return writeNew(desired, in::transferTo, overwrite);
  }

  /**
   * Like {@link #writeNew(Path, byte[], boolean)} but lets {@code writer} stream the content into
   * the temporary file. If the writer throws, nothing is published, the temporary file is
   * deleted and the writer's exception propagates.
   */
  public static Path writeNew(Path desired, ContentWriter writer, boolean overwrite)
      throws IOException {
    Objects.requireNonNull(writer, "writer");
    Path target = desired.toAbsolutePath();
    Path fileName = target.getFileName();
    Path dir = target.getParent();
    if (fileName == null || dir == null) {
      throw new IllegalArgumentException("cannot write a file at '" + desired + "': no file name");
    }
    if (overwrite && Files.isDirectory(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "is a directory");
    }
    Path temp = createTemp(dir, fileName.toString());
    try {
      write(temp, writer);
      Path written = overwrite ? replace(temp, target) : publishNew(temp, target);
      forceDirectory(dir);
      return written;
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Returns {@code desired} if nothing exists there, else the first free numbered alternative
   * ({@code out-1.png}, {@code out-2.png}, ...). Informational only, for dry runs: another writer
   * may take the name before it is used.
   */
  public static Path nextFreePath(Path desired) {
    for (int n = 0; n <= MAX_NUMBERED; n++) {
      Path candidate = numbered(desired, n);
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free name for " + desired + " up to -" + MAX_NUMBERED);
  }

  /**
   * Deletes the temporary files that writers killed mid-write (e.g. by {@code kill -9}) left in
   * {@code dir}: regular files directly in it whose names match this class's own pattern
   * {@code .<name>.<random>.tmp} and that were last modified more than {@code olderThan} ago, so the
   * temporaries of writes in progress now, in this or another process, are left alone. Symbolic
   * links are never followed nor deleted, subdirectories are not entered, and a file that vanishes
   * meanwhile is skipped. A missing {@code dir} has nothing to remove.
   *
   * @param olderThan the minimum age, by last-modified time; not negative
   * @return the files deleted, in no particular order
   * @throws IOException if {@code dir} cannot be listed or a stale temporary cannot be deleted
   */
  public static List<Path> removeStaleTemporaries(Path dir, Duration olderThan) throws IOException {
    return removeStaleTemporaries(dir, olderThan, Instant.now());
  }

  /** As {@link #removeStaleTemporaries(Path, Duration)}, with the current time given. */
  static List<Path> removeStaleTemporaries(Path dir, Duration olderThan, Instant now) throws IOException {
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative, got " + olderThan);
    }
    Instant cutoff = now.minus(olderThan);
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        Path name = entry.getFileName();
        if (name == null || !TEMP_NAME.matcher(name.toString()).matches()) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (!attributes.isRegularFile() || !attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
          continue;
        }
        if (Files.deleteIfExists(entry)) {
          removed.add(entry);
        }
      }
    }
    return removed;
  }

  private static Path numbered(Path desired, int n) {
    return n == 0 ? desired : OutputNames.withSuffix(desired, "-" + n);
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    String stem = name.length() > MAX_TEMP_STEM ? name.substring(0, MAX_TEMP_STEM) : name;
    while (true) {
      long random = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
      Path temp = dir.resolve("." + stem + "." + Long.toString(random, 36) + ".tmp");
      try {
        // Not Files.createTempFile: that would give the final file mode 0600 instead of the umask.
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temp;
      } catch (FileAlreadyExistsException taken) {
        // Astronomically unlikely; pick another random name.
      }
    }
  }

  private static void write(Path temp, ContentWriter writer) throws IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
      writer.writeTo(new NonClosingOutputStream(out));
      out.flush();
      channel.force(true);
    }
  }

  private static Path replace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static Path publishNew(Path temp, Path target) throws IOException {
    boolean hardLinks = true;
    for (int n = 0; n <= MAX_NUMBERED; n++) {
      Path candidate = numbered(target, n);
      try {
        if (hardLinks) {
          hardLinks = link(candidate, temp);
          if (hardLinks) {
            deletePublishedTemp(temp, candidate);
            return candidate;
          }
        }
        Files.move(temp, candidate);
        return candidate;
      } catch (FileAlreadyExistsException taken) {
        // Another writer owns this name; try the next number.
      }
    }
    throw new FileAlreadyExistsException(
        target.toString(), null, "it and its numbered alternatives up to -" + MAX_NUMBERED + " exist");
  }

  /**
   * Hard-links {@code temp} as {@code candidate}, which fails if the name is taken.
   *
   * @return {@code false} if this file system does not support hard links
   */
  private static boolean link(Path candidate, Path temp) throws IOException {
    try {
      Files.createLink(candidate, temp);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    } catch (FileAlreadyExistsException | NoSuchFileException | AccessDeniedException e) {
      throw e;
    } catch (FileSystemException e) {
      // EPERM and similar: FAT, exFAT and some network or FUSE file systems refuse hard links.
      return false;
    }
  }

  private static void deletePublishedTemp(Path temp, Path published) throws IOException {
    try {
      Files.delete(temp);
    } catch (IOException e) {
      throw new IOException(
          "wrote " + published + " but could not delete the temporary file " + temp, e);
    }
  }

  /** Forces directory metadata (the new entry) to disk; silently skipped where unsupported. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException | SecurityException unsupported) {
      // Windows and some file systems cannot open or sync a directory; the data is already synced.
    }
  }

  private static final class NonClosingOutputStream extends FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
