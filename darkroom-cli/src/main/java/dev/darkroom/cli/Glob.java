package dev.darkroom.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands shell-style file patterns: {@code *} and {@code ?} within one path segment, {@code [abc]}
 * and {@code [a-z]} character classes, and {@code **} for any number of directories (including
 * none). Hidden files match only when the pattern's last segment starts with a dot. Results are
 * regular files, sorted.
 */
final class Glob {
  private Glob() {}

  static boolean isPattern(String text) {
    return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
  }

  /** The files matching {@code pattern}, relative patterns resolved against {@code dir}. */
  static List<Path> expand(String pattern, Path dir) {
    String normalised = pattern.replace('\\', '/');
    String[] segments = normalised.split("/", -1);
    int firstWild = 0;
    while (firstWild < segments.length && !isPattern(segments[firstWild])) {
      firstWild++;
    }
    String basePart = String.join("/", java.util.Arrays.copyOfRange(segments, 0, firstWild));
    String rest = String.join("/", java.util.Arrays.copyOfRange(segments, firstWild, segments.length));
    Path base = basePart.isEmpty() ? (normalised.startsWith("/") ? Path.of("/") : dir) : dir.resolve(basePart);
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    boolean deep = rest.contains("**");
    int depth = deep ? Integer.MAX_VALUE : segments.length - firstWild;
    List<PathMatcher> matchers = new ArrayList<>();
    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + rest));
    if (rest.contains("**/")) {
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + rest.replace("**/", "")));
    }
    String lastSegment = segments[segments.length - 1];
    boolean hidden = lastSegment.startsWith(".");
    try (Stream<Path> files = Files.walk(base, depth)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> hidden || !p.getFileName().toString().startsWith("."))
          .filter(p -> {
            Path relative = base.relativize(p);
            return matchers.stream().anyMatch(m -> m.matches(relative));
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list files for pattern " + pattern + ": " + e.getMessage(), e);
    }
  }
}
