package dev.darkroom.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In-memory stand-in for ComfyUI's {@code output}, {@code temp} and {@code input} directories.
 * Thread-safe. Files survive {@link ComfyEngine#reset()}, as files on disk survive a restart.
 */
public final class ComfyFiles {
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  private static String key(String type, String subfolder, String name) {
    return type + "\u0000" + subfolder + "\u0000" + name;
  }

  public void put(String type, String subfolder, String name, byte[] bytes) {
    files.put(key(type, subfolder, name), bytes);
  }

  public Optional<byte[]> get(String type, String subfolder, String name) {
    return Optional.ofNullable(files.get(key(type, subfolder, name)));
  }

  /** Names of the files of one type (in any subfolder), sorted. */
  public List<String> names(String type) {
    List<String> names = new ArrayList<>();
    for (String key : files.keySet()) {
      String[] parts = key.split("\u0000", -1);
      if (parts[0].equals(type)) {
        names.add(parts[1].isEmpty() ? parts[2] : parts[1] + "/" + parts[2]);
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * The next counter for {@code prefix_NNNNN_.png} in a folder: one more than the highest present,
   * as ComfyUI's {@code get_save_image_path} scans the directory.
   */
  public synchronized int nextCounter(String type, String subfolder, String prefix) {
    Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "_(\\d{5,})_?\\..*");
    int highest = 0;
    for (String key : files.keySet()) {
      String[] parts = key.split("\u0000", -1);
      if (parts[0].equals(type) && parts[1].equals(subfolder)) {
        Matcher m = pattern.matcher(parts[2]);
        if (m.matches()) {
          highest = Math.max(highest, Integer.parseInt(m.group(1)));
        }
      }
    }
    return highest + 1;
  }
}
