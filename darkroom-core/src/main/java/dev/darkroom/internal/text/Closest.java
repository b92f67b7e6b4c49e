package dev.darkroom.internal.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known names closest to a mistyped one, by edit distance (case-insensitive; a name that starts
 * with the typed text counts as close), for "did you mean" hints.
 */
public final class Closest {
  private Closest() {}

  /**
   * The candidate a user most likely meant, when one is close enough: at most a third of the typed
   * text's length in edits (at least 2), or a candidate the typed text is a prefix of.
   */
  public static Optional<String> to(String typed, Collection<String> candidates) {
    List<String> ranked = ranked(typed, candidates);
    if (ranked.isEmpty()) {
      return Optional.empty();
    }
    String best = ranked.get(0);
    String t = typed.toLowerCase(Locale.ROOT);
    String b = best.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, t.length() / 3);
    return distance(t, b) <= limit || (!t.isEmpty() && b.startsWith(t)) ? Optional.of(best) : Optional.empty();
  }

  /** The candidates ordered closest first (stable among equals). */
  public static List<String> ranked(String typed, Collection<String> candidates) {
    String t = typed.toLowerCase(Locale.ROOT);
    List<String> list = new ArrayList<>(candidates);
    list.sort(Comparator.comparingInt(c -> score(t, c.toLowerCase(Locale.ROOT))));
    return list;
  }

  private static int score(String typed, String candidate) {
    int d = distance(typed, candidate);
    return !typed.isEmpty() && candidate.startsWith(typed) ? Math.min(d, 1) : d;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
