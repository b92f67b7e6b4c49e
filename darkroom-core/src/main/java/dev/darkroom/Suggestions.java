package dev.darkroom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Did you mean" for values as people type them: the closest name by edit distance, the closest
 * aspect ratio by value, the nearest size. Generic: nothing here knows a provider.
 */
final class Suggestions {
  private static final Pattern RATIO = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*[:x×/*Xx]\\s*(\\d+(?:\\.\\d+)?)\\s*");
  private static final Pattern DECIMAL = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*");

  private Suggestions() {}

  /**
   * The candidate closest to {@code typed} by edit distance (case and separators ignored), when it
   * is close enough to be what was meant: at most a third of the typed length, and at least 2, edits.
   */
  static Optional<String> closest(String typed, List<String> candidates) {
    String t = normalise(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(t, normalise(c));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, t.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** Lower case, runs of anything but letters and digits as one {@code -}. */
  static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
  }

  static int distance(String a, String b) {
    return dev.darkroom.spi.Closest.distance(a, b);
  }

  /** The value of a ratio typed as {@code 16:9}, {@code 16x9}, {@code 16/9} or {@code 1.78}, or empty. */
  static Optional<Double> ratioValue(String typed) {
    Matcher m = RATIO.matcher(typed);
    if (m.matches()) {
      double w = Double.parseDouble(m.group(1));
      double h = Double.parseDouble(m.group(2));
      return w > 0 && h > 0 ? Optional.of(w / h) : Optional.empty();
    }
    Matcher d = DECIMAL.matcher(typed);
    if (d.matches()) {
      double v = Double.parseDouble(d.group(1));
      return v > 0 ? Optional.of(v) : Optional.empty();
    }
    return Optional.empty();
  }

  /** {@code allowed} ratios ({@code W:H}) ordered by closeness in value to {@code typed}; unchanged when it cannot be read. */
  static List<String> byRatio(String typed, List<String> allowed) {
    Optional<Double> value = ratioValue(typed);
    if (value.isEmpty()) {
      return allowed;
    }
    double target = Math.log(value.get());
    List<String> sorted = new ArrayList<>(allowed);
    sorted.sort(Comparator.comparingDouble(a -> ratioValue(a).map(v -> Math.abs(Math.log(v) - target))
        .orElse(Double.MAX_VALUE)));
    return sorted;
  }

  /**
   * The nearest size the rules allow to {@code width x height}: each side rounded to the nearest
   * multiple, scaled down when too large; empty when rounding does not give an allowed size.
   */
  static Optional<String> nearestSize(int width, int height, SizeRules rules) {
    double scale = Math.min(1.0, (double) rules.maxEdge() / Math.max(width, height));
    double pixels = (double) width * height * scale * scale;
    if (pixels > rules.maxPixels()) {
      scale *= Math.sqrt(rules.maxPixels() / pixels);
    } else if (pixels < rules.minPixels()) {
      scale *= Math.sqrt(rules.minPixels() / pixels);
    }
    int m = rules.multipleOf();
    for (int[] r : List.of(new int[] {0, 0}, new int[] {-1, 0}, new int[] {0, -1}, new int[] {-1, -1},
        new int[] {1, 0}, new int[] {0, 1}, new int[] {1, 1})) {
      int w = Math.max(m, (int) Math.round(width * scale / m) * m + r[0] * m);
      int h = Math.max(m, (int) Math.round(height * scale / m) * m + r[1] * m);
      if (rules.violation(w, h).isEmpty()) {
        return Optional.of(w + "x" + h);
      }
    }
    return Optional.empty();
  }

  /** The preset closest in aspect ratio, then in area, to {@code width x height}; empty when there are none. */
  static Optional<String> nearestPreset(int width, int height, List<String> presets) {
    double ratio = Math.log((double) width / height);
    double area = (double) width * height;
    return presets.stream()
        .filter(p -> ModelInfo.parseSize(p) != null)
        .min(Comparator.<String>comparingDouble(p -> {
          int[] wh = ModelInfo.parseSize(p);
          return Math.round(Math.abs(Math.log((double) wh[0] / wh[1]) - ratio) * 100);
        }).thenComparingDouble(p -> {
          int[] wh = ModelInfo.parseSize(p);
          return Math.abs((double) wh[0] * wh[1] - area);
        }));
  }
}
