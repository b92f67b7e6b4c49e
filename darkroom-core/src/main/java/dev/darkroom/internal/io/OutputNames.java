package dev.darkroom.internal.io;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Names for output files: suffixes, extensions, numbering, and sanitising names that come from
 * users or templates so they stay inside the output directory.
 *
 * <p>The extension of a name is the part after its last dot, unless that dot is the first
 * character ({@code .env} has none). Stateless and thread-safe.
 */
public final class OutputNames {

  /** The longest name {@link #safeFileName} returns, in characters (UTF-16 code units). */
  public static final int MAX_FILE_NAME = 120;

  private static final int MAX_KEPT_EXTENSION = 16;
  private static final String WINDOWS_RESERVED_CHARS = "<>:\"/\\|?*";
  private static final Set<String> WINDOWS_DEVICE_NAMES =
      Set.of(
          "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
          "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private OutputNames() {}

  /**
   * Inserts {@code suffix} before the extension: {@code out.png} + {@code -r1c2} gives {@code
   * out-r1c2.png}. The directory part is kept.
   *
   * @throws IllegalArgumentException if {@code suffix} contains a path separator or control
   *     character, or {@code path} has no file name
   */
  public static Path withSuffix(Path path, String suffix) {
    Objects.requireNonNull(suffix, "suffix");
    requireNoSeparatorOrControl("suffix", suffix);
    String name = fileName(path);
    int dot = extensionDot(name);
    String renamed =
        dot < 0 ? name + suffix : name.substring(0, dot) + suffix + name.substring(dot);
    return path.resolveSibling(renamed);
  }

  /**
   * Replaces or adds the extension: {@code out.png} with {@code "webp"} or {@code ".webp"} gives
   * {@code out.webp}; an empty {@code extension} removes it.
   *
   * @throws IllegalArgumentException if {@code extension} contains a path separator, a control
   *     character or an inner dot, or {@code path} has no file name
   */
  public static Path withExtension(Path path, String extension) {
    Objects.requireNonNull(extension, "extension");
    String ext = extension.startsWith(".") ? extension.substring(1) : extension;
    requireNoSeparatorOrControl("extension", ext);
    if (ext.contains(".")) {
      throw new IllegalArgumentException(
          "invalid extension '" + extension + "': expected a single extension such as png");
    }
    String name = fileName(path);
    int dot = extensionDot(name);
    String stem = dot < 0 ? name : name.substring(0, dot);
    return path.resolveSibling(ext.isEmpty() ? stem : stem + "." + ext);
  }

  /**
   * The name of item {@code index} (1-based) of {@code total}: {@code base} itself when {@code
   * total} is 1, otherwise {@code base-1.png}, {@code base-2.png}, ...
   *
   * @throws IllegalArgumentException unless {@code 1 <= index <= total}
   */
  public static Path numbered(Path base, int index, int total) {
    if (total < 1 || index < 1 || index > total) {
      throw new IllegalArgumentException(
          "invalid index " + index + " of " + total + ": expected 1 <= index <= total");
    }
    return total == 1 ? base : withSuffix(base, "-" + index);
  }

  /**
   * Turns a user- or template-provided name into a single safe file name: path separators,
   * control characters and the characters Windows reserves ({@code <>:"/\|?*}) become {@code _},
   * runs of dots collapse to one, leading dots and spaces and trailing dots and spaces are
   * dropped, Windows device names ({@code CON}, {@code NUL}, {@code COM1}, ...) get a leading
   * {@code _}, and names over {@value #MAX_FILE_NAME} characters are shortened, keeping a short
   * extension.
   *
   * @throws IllegalArgumentException naming the value if nothing usable is left
   */
  public static String safeFileName(String name) {
    Objects.requireNonNull(name, "name");
    StringBuilder sb = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)
                  || WINDOWS_RESERVED_CHARS.indexOf(cp) >= 0
                  || Character.getType(cp) == Character.LINE_SEPARATOR
                  || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                sb.append('_');
              } else if (cp == '.' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '.') {
                // collapse ".." and longer runs
              } else {
                sb.appendCodePoint(cp);
              }
            });
    String safe = strip(sb.toString());
    String upperStem = stemOf(safe).toUpperCase(Locale.ROOT).strip();
    if (WINDOWS_DEVICE_NAMES.contains(upperStem)) {
      safe = "_" + safe;
    }
    safe = shorten(safe);
    if (safe.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid file name '" + printable(name) + "': nothing usable is left after removing "
              + "dots, spaces and unsafe characters");
    }
    return safe;
  }

  /**
   * Resolves {@code relativeName} (which may contain subdirectories) against {@code dir} and
   * checks, lexically, that the result stays strictly inside {@code dir}. Symbolic links are not
   * followed.
   *
   * @return the normalised absolute path
   * @throws IllegalArgumentException naming the value if it is empty, absolute, contains a control
   *     character, is not a valid path, or escapes {@code dir}
   */
  public static Path resolveInside(Path dir, String relativeName) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(relativeName, "relativeName");
    String shown = printable(relativeName);
    if (relativeName.isEmpty() || relativeName.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "invalid output name '" + shown + "': must be non-empty with no control characters");
    }
    Path base = dir.toAbsolutePath().normalize();
    Path relative;
    try {
      relative = base.getFileSystem().getPath(relativeName);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "invalid output name '" + shown + "': " + e.getReason(), e);
    }
    if (relative.isAbsolute() || relative.getRoot() != null) {
      throw new IllegalArgumentException(
          "invalid output name '" + shown + "': must be relative to the output directory " + base);
    }
    Path resolved = base.resolve(relative).normalize();
    if (!resolved.startsWith(base) || resolved.equals(base)) {
      throw new IllegalArgumentException(
          "invalid output name '" + shown + "': it escapes the output directory " + base);
    }
    return resolved;
  }

  private static String fileName(Path path) {
    Objects.requireNonNull(path, "path");
    Path name = path.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("path '" + path + "' has no file name");
    }
    return name.toString();
  }

  /** Index of the dot that starts the extension, or -1 when there is none. */
  private static int extensionDot(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? dot : -1;
  }

  private static String stemOf(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static void requireNoSeparatorOrControl(String what, String value) {
    if (value.indexOf('/') >= 0
        || value.indexOf('\\') >= 0
        || value.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "invalid " + what + " '" + printable(value)
              + "': must not contain path separators or control characters");
    }
  }

  private static String strip(String name) {
    int start = 0;
    int end = name.length();
    while (start < end && (name.charAt(start) == '.' || Character.isWhitespace(name.charAt(start)))) {
      start++;
    }
    while (end > start && (name.charAt(end - 1) == '.' || Character.isWhitespace(name.charAt(end - 1)))) {
      end--;
    }
    return name.substring(start, end);
  }

  private static String shorten(String name) {
    if (name.length() <= MAX_FILE_NAME) {
      return name;
    }
    int dot = extensionDot(name);
    String ext = dot >= 0 && name.length() - dot <= MAX_KEPT_EXTENSION ? name.substring(dot) : "";
    String stem = name.substring(0, name.length() - ext.length());
    int keep = MAX_FILE_NAME - ext.length();
    if (Character.isHighSurrogate(stem.charAt(keep - 1))) {
      keep--;
    }
    return strip(stem.substring(0, keep)) + ext;
  }

  /** The value with control characters shown as {@code \\uXXXX}, safe to put in a message. */
  static String printable(String value) {
    StringBuilder sb = new StringBuilder();
    value.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }
}
