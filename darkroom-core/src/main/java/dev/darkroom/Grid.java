package dev.darkroom;

import java.util.Locale;

/**
 * A rows × columns layout for one generated image that is sliced into cells after generation.
 *
 * @param rows 1 to 16
 * @param cols 1 to 16
 */
public record Grid(int rows, int cols) {
  public Grid {
    if (rows < 1 || rows > 16 || cols < 1 || cols > 16) {
      throw new InvalidRequestException(
          "invalid grid " + rows + "x" + cols + ": rows and columns must be 1-16 each");
    }
  }

  /** Parses {@code 2x2}, {@code 3X4} or {@code 2×3}; the message names the bad value and the form. */
  public static Grid parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("[x×]", -1);
    if (parts.length == 2) {
      try {
        return new Grid(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new InvalidRequestException(
        "invalid grid '" + text + "': expected ROWSxCOLS such as 2x2 or 3x4 (1-16 each)");
  }

  public int cells() {
    return rows * cols;
  }

  @Override
  public String toString() {
    return rows + "x" + cols;
  }
}
