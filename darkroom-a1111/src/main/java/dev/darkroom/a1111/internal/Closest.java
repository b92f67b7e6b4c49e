package dev.darkroom.a1111.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Orders allowed names by closeness to one that was not found, for "not available; closest first" messages. */
final class Closest {
  /** Names listed in a message before the rest is summarised. */
  static final int LISTED = 20;

  private Closest() {}

  /** The allowed names, closest first: by case-insensitive edit distance, then containment, then alphabetically. */
  static List<String> rank(String wanted, Collection<String> allowed) {
    String w = wanted.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>(allowed);
    out.sort(Comparator.<String>comparingInt(a -> distance(w, a.toLowerCase(Locale.ROOT)))
        .thenComparing(a -> !(a.toLowerCase(Locale.ROOT).contains(w) || w.contains(a.toLowerCase(Locale.ROOT))))
        .thenComparing(Comparator.naturalOrder()));
    return out;
  }

  /** {@code <what> 'x' is not available <where>; available (closest first): a, b … and N more}. */
  static String message(String what, String wanted, List<String> ranked, String where) {
    if (ranked.isEmpty()) {
      return what + " '" + wanted + "' is not available " + where + ": it has none";
    }
    String listed = String.join(", ", ranked.subList(0, Math.min(LISTED, ranked.size())));
    return what + " '" + wanted + "' is not available " + where + "; available (closest first): " + listed
        + (ranked.size() > LISTED ? " … and " + (ranked.size() - LISTED) + " more" : "");
  }

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
