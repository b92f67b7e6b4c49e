package dev.darkroom.comfyui.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Orders allowed values by how close they are to a value that was not found, for "did you mean" messages. */
public final class Closest {
  /** Values listed in a message before the rest is summarised as "and N more". */
  public static final int LISTED = 20;

  private Closest() {}

  /**
   * The allowed values, closest first: by case-insensitive edit distance, then values containing the wanted one
   * (or contained in it), then alphabetically.
   */
  public static List<String> rank(String wanted, Collection<String> allowed) {
    String w = wanted.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>(allowed);
    out.sort(Comparator.<String>comparingInt(a -> distance(w, a.toLowerCase(Locale.ROOT)))
        .thenComparing(a -> !(a.toLowerCase(Locale.ROOT).contains(w) || w.contains(a.toLowerCase(Locale.ROOT))))
        .thenComparing(Comparator.naturalOrder()));
    return out;
  }

  /**
   * A message such as {@code checkpoint 'sdxl.safetensors' is not available on the engine; available (closest
   * first): a, b, c … and 12 more}.
   */
  public static String notFound(String what, String wanted, Collection<String> allowed, String where) {
    if (allowed.isEmpty()) {
      return what + " '" + wanted + "' is not available " + where + ": it has none";
    }
    List<String> ranked = rank(wanted, allowed);
    StringBuilder sb = new StringBuilder();
    sb.append(what).append(" '").append(wanted).append("' is not available ").append(where)
        .append("; available (closest first): ");
    sb.append(String.join(", ", ranked.subList(0, Math.min(LISTED, ranked.size()))));
    if (ranked.size() > LISTED) {
      sb.append(" … and ").append(ranked.size() - LISTED).append(" more");
    }
    return sb.toString();
  }

  /** Levenshtein distance (insertions, deletions and substitutions each cost 1). */
  public static int distance(String a, String b) {
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
