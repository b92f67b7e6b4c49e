package dev.darkroom.studio.internal;

import java.util.Locale;

/** File-name stems from labels and prompts. */
public final class Names {
  private Names() {}

  /** A short file-name-safe stem: lower case letters, digits and dashes, at most {@code max} characters. */
  public static String slug(String text, int max, String fallback) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("(^-+|-+$)", "");
    if (s.length() > max) {
      s = s.substring(0, max);
      int cut = s.lastIndexOf('-');
      if (cut > max / 4) {
        s = s.substring(0, cut);
      }
      s = s.replaceAll("-+$", "");
    }
    return s.isEmpty() ? fallback : s;
  }
}
