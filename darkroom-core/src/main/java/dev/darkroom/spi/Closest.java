package dev.darkroom.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the values closest to what someone typed, for messages that refuse a value and
 * list the allowed ones closest first (model ids, option names, a local engine's checkpoints,
 * LoRAs, samplers). Case-insensitive Levenshtein distance; a value the typed text is a prefix of
 * counts as one edit away; ties go to values containing (or contained in) the typed text, then
 * alphabetical order.
 */
public final class Closest {
  /** Values a message lists before summarising the rest as "… and N more". */
  public static final int LISTED = 20;

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

  /** The candidates ordered closest first. */
  public static List<String> ranked(String typed, Collection<String> candidates) {
    String t = typed.toLowerCase(Locale.ROOT);
    List<String> list = new ArrayList<>(candidates);
    list.sort(Comparator.<String>comparingInt(c -> score(t, c.toLowerCase(Locale.ROOT)))
        .thenComparing(c -> !(c.toLowerCase(Locale.ROOT).contains(t) || t.contains(c.toLowerCase(Locale.ROOT))))
        .thenComparing(Comparator.naturalOrder()));
    return list;
  }

  /**
   * {@code <what> 'x' is not available <where>; available (closest first): a, b … and N more}, or
   * {@code … : it has none}.
   *
   * @param where e.g. {@code on the engine http://127.0.0.1:8188}
   */
  public static String notAvailable(String what, String wanted, Collection<String> allowed, String where) {
    if (allowed.isEmpty()) {
      return what + " '" + wanted + "' is not available " + where + ": it has none";
    }
    List<String> ranked = ranked(wanted, allowed);
    return what + " '" + wanted + "' is not available " + where + "; available (closest first): "
        + String.join(", ", ranked.subList(0, Math.min(LISTED, ranked.size())))
        + (ranked.size() > LISTED ? " … and " + (ranked.size() - LISTED) + " more" : "");
  }

  private static int score(String typed, String candidate) {
    int d = distance(typed, candidate);
    return !typed.isEmpty() && candidate.startsWith(typed) ? Math.min(d, 1) : d;
  }

  /** Levenshtein distance (edits to turn {@code a} into {@code b}); case matters. */
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
