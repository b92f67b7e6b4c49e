package dev.darkroom.internal.grid;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a grid image: how many rows and columns of cells it holds.
 *
 * @param rows number of cell rows, 1 to {@value #MAX_SIDE}
 * @param cols number of cell columns, 1 to {@value #MAX_SIDE}
 */
public record GridSpec(int rows, int cols) {

  /** The largest number of rows or columns a grid may have. */
  public static final int MAX_SIDE = 16;

  private static final Pattern FORM = Pattern.compile("([0-9]{1,3})\\s*[xX\u00D7]\\s*([0-9]{1,3})");
  private static final String EXPECTED =
      "expected ROWSxCOLS such as 2x2 or 3x4 (1-" + MAX_SIDE + " each)";

  public GridSpec {
    if (rows < 1 || rows > MAX_SIDE || cols < 1 || cols > MAX_SIDE) {
      throw new IllegalArgumentException(
          "invalid grid " + rows + "x" + cols + ": rows and cols must each be 1-" + MAX_SIDE);
    }
  }

  /**
   * Parses {@code "2x2"}, {@code "3X4"} or {@code "2×3"} (rows first); surrounding whitespace is
   * ignored.
   *
   * @throws IllegalArgumentException naming the text and the allowed form when it does not match
   *     or a side is outside 1-{@value #MAX_SIDE}
   */
  public static GridSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = FORM.matcher(text.strip());
    if (m.matches()) {
      int rows = Integer.parseInt(m.group(1));
      int cols = Integer.parseInt(m.group(2));
      if (rows >= 1 && rows <= MAX_SIDE && cols >= 1 && cols <= MAX_SIDE) {
        return new GridSpec(rows, cols);
      }
    }
    throw new IllegalArgumentException("invalid grid '" + text + "': " + EXPECTED);
  }

  /** Number of cells, {@code rows * cols}. */
  public int cellCount() {
    return rows * cols;
  }

  /** The spec in the form {@link #parse} accepts, such as {@code "2x3"}. */
  @Override
  public String toString() {
    return rows + "x" + cols;
  }
}
