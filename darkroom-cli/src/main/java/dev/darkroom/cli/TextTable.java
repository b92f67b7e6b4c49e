package dev.darkroom.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints rows of cells in left-aligned columns two spaces apart; the last column is not padded.
 * Given a width (the terminal's), one column is narrowed first, its cells cut with an ellipsis, and
 * lines still too long are cut at the width.
 */
final class TextTable {
  /** Narrowest the shrinking column gets before lines are cut instead. */
  private static final int MIN_SHRUNK = 8;

  private TextTable() {}

  static void print(PrintWriter out, List<String[]> rows) {
    print(out, rows, 0, -1);
  }

  /**
   * @param maxWidth the terminal's width in characters, 0 for no limit
   * @param shrink the index of the column to narrow first, -1 for none
   */
  static void print(PrintWriter out, List<String[]> rows, int maxWidth, int shrink) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    if (maxWidth > 0 && shrink >= 0 && shrink < columns) {
      int total = 2 * (columns - 1);
      for (int w : widths) {
        total += w;
      }
      if (total > maxWidth) {
        widths[shrink] = Math.max(MIN_SHRUNK, widths[shrink] - (total - maxWidth));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = cut(row[i], widths[i]);
        line.append(cell);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      String text = line.toString().stripTrailing();
      out.println(maxWidth > 0 ? cut(text, maxWidth) : text);
    }
  }

  private static String cut(String s, int width) {
    return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
  }
}
