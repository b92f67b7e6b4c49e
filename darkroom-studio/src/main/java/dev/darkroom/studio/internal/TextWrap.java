package dev.darkroom.studio.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Word wrapping and ellipsis for text drawn into images, measured by a width function in pixels. */
public final class TextWrap {
  /** The ellipsis appended to cut text. */
  public static final String ELLIPSIS = "\u2026";

  private TextWrap() {}

  /**
   * Wraps {@code text} into lines no wider than {@code maxWidth}, keeping its line breaks (blank
   * lines collapse to one), breaking words that are too long on their own, and cutting at
   * {@code maxLines} with the last line ending in an ellipsis.
   */
  public static List<String> wrap(String text, int maxWidth, int maxLines, ToIntFunction<String> width) {
    List<String> lines = new ArrayList<>();
    boolean truncated = false;
    String[] paragraphs = text.strip().split("\\R+");
    outer:
    for (String paragraph : paragraphs) {
      String line = "";
      for (String word : paragraph.strip().split("\\s+")) {
        if (word.isEmpty()) {
          continue;
        }
        String candidate = line.isEmpty() ? word : line + " " + word;
        if (width.applyAsInt(candidate) <= maxWidth) {
          line = candidate;
          continue;
        }
        if (!line.isEmpty()) {
          if (lines.size() == maxLines) {
            truncated = true;
            break outer;
          }
          lines.add(line);
        }
        line = word;
        while (width.applyAsInt(line) > maxWidth && line.length() > 1) {
          int cut = fitting(line, maxWidth, width);
          if (lines.size() == maxLines) {
            truncated = true;
            break outer;
          }
          lines.add(line.substring(0, cut));
          line = line.substring(cut);
        }
      }
      if (!line.isEmpty()) {
        if (lines.size() == maxLines) {
          truncated = true;
          break;
        }
        lines.add(line);
      }
    }
    if (truncated && !lines.isEmpty()) {
      int last = lines.size() - 1;
      lines.set(last, ellipsize(lines.get(last) + " " + ELLIPSIS, maxWidth, width));
    }
    return lines;
  }

  /** {@code text} itself when it fits, else its longest prefix that fits with an ellipsis appended. */
  public static String ellipsize(String text, int maxWidth, ToIntFunction<String> width) {
    if (width.applyAsInt(text) <= maxWidth) {
      return text;
    }
    int n = text.length();
    while (n > 0 && width.applyAsInt(text.substring(0, n).stripTrailing() + ELLIPSIS) > maxWidth) {
      n--;
    }
    return text.substring(0, n).stripTrailing() + ELLIPSIS;
  }

  /**
   * Breaks an identifier such as {@code gemini-2.5-flash-image} into lines no wider than
   * {@code maxWidth}, after a {@code -}, {@code /} or {@code _} where possible and between characters
   * otherwise, so that the lines joined give the identifier back unchanged.
   */
  public static List<String> breakIdentifier(String id, int maxWidth, ToIntFunction<String> width) {
    List<String> lines = new ArrayList<>();
    String line = "";
    int start = 0;
    for (int i = 0; i < id.length(); i++) {
      char ch = id.charAt(i);
      if (ch != '-' && ch != '/' && ch != '_' && i != id.length() - 1) {
        continue;
      }
      String piece = id.substring(start, i + 1);
      start = i + 1;
      if (width.applyAsInt(line + piece) <= maxWidth) {
        line += piece;
        continue;
      }
      if (!line.isEmpty()) {
        lines.add(line);
      }
      line = piece;
      while (width.applyAsInt(line) > maxWidth && line.length() > 1) {
        int cut = fitting(line, maxWidth, width);
        lines.add(line.substring(0, cut));
        line = line.substring(cut);
      }
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    return lines;
  }

  private static int fitting(String word, int maxWidth, ToIntFunction<String> width) {
    int n = word.length() - 1;
    while (n > 1 && width.applyAsInt(word.substring(0, n)) > maxWidth) {
      n--;
    }
    return Math.max(1, n);
  }
}
