package dev.darkroom.studio.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * History ids the user removed from the studio's lists ("delete from view"). The history database
 * and the image files are left alone: this is the studio's own list, one id per line in a text file
 * next to the history database ({@code history.db.studio-hidden}), rewritten atomically on each change.
 * Thread-safe.
 */
final class HiddenRecords {
  private final Path file;
  private final Set<Long> ids = new TreeSet<>();

  /** Reads {@code file} when it exists; lines that are not ids are ignored. */
  HiddenRecords(Path file) {
    this.file = file;
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.strip().matches("\\d{1,18}")) {
            ids.add(Long.parseLong(line.strip()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the studio's hidden list " + file, e);
      }
    }
  }

  /** The list kept next to {@code historyFile}. */
  static HiddenRecords beside(Path historyFile) {
    return new HiddenRecords(historyFile.resolveSibling(historyFile.getFileName() + ".studio-hidden"));
  }

  synchronized boolean contains(long id) {
    return ids.contains(id);
  }

  synchronized int size() {
    return ids.size();
  }

  /**
   * Hides ({@code hidden} true) or shows again one id, and saves the list.
   *
   * @return whether the list changed
   */
  synchronized boolean set(long id, boolean hidden) {
    boolean changed = hidden ? ids.add(id) : ids.remove(id);
    if (changed) {
      save();
    }
    return changed;
  }

  private void save() {
    List<String> lines = new ArrayList<>();
    ids.forEach(id -> lines.add(Long.toString(id)));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".studio-hidden", ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the studio's hidden list " + file, e);
    }
  }
}
