package dev.darkroom.testkit.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for an image made of {@code rows x columns} coloured cells separated by dark gutters.
 *
 * @param rows    number of rows, 1 to 32
 * @param columns number of columns, 1 to 32
 */
public record GridSpec(int rows, int columns) {
  private static final Pattern IN_PROMPT =
      Pattern.compile("(\\d+)\\s*[x\u00d7]\\s*(\\d+)\\s+grid", Pattern.CASE_INSENSITIVE);

  public GridSpec {
    if (rows < 1 || rows > 32 || columns < 1 || columns > 32) {
      throw new IllegalArgumentException(
          "grid rows and columns must be 1..32, got " + rows + "x" + columns);
    }
  }

  /** The grid a prompt asks for, e.g. "a 2x3 grid of stickers" gives 2 rows and 3 columns. */
  public static Optional<GridSpec> fromPrompt(String prompt) {
    Matcher m = IN_PROMPT.matcher(prompt);
    while (m.find()) {
      try {
        int rows = Integer.parseInt(m.group(1));
        int columns = Integer.parseInt(m.group(2));
        if (rows >= 1 && rows <= 32 && columns >= 1 && columns <= 32) {
          return Optional.of(new GridSpec(rows, columns));
        }
      } catch (NumberFormatException tooLong) {
        // not a plausible grid; keep looking
      }
    }
    return Optional.empty();
  }

  /** Gutter and outer border width in pixels for an image this wide: about 1.5%, at least 2. */
  public static int gutterFor(int imageWidth) {
    return Math.max(2, Math.round(imageWidth * 0.015f));
  }
}
