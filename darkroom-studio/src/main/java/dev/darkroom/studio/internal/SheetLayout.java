package dev.darkroom.studio.internal;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Geometry of a comparison sheet, independent of fonts except for the number of prompt lines: a
 * header, then rows of panels (an image box of the fixed panel width over a caption block of fixed
 * height), then a footer with the wrapped prompt and one line of totals.
 *
 * @param width sheet width in pixels
 * @param height sheet height in pixels
 * @param header the title band
 * @param images each panel's image box, in the order the panels were given
 * @param captions each panel's caption block, same order
 * @param footer the prompt and totals band
 * @param promptLines the wrapped, capped prompt
 */
public record SheetLayout(int width, int height, Rectangle header, List<Rectangle> images, List<Rectangle> captions,
    Rectangle footer, List<String> promptLines) {

  public static final int MARGIN = 24;
  public static final int GAP = 16;
  public static final int HEADER_HEIGHT = 32;
  public static final int CAPTION_LINES = 5;
  public static final int LINE_HEIGHT = 16;
  public static final int CAPTION_PADDING = 6;
  public static final int CAPTION_HEIGHT = CAPTION_PADDING * 2 + CAPTION_LINES * LINE_HEIGHT;
  public static final int PROMPT_LINE_HEIGHT = 18;
  public static final int FOOTER_PADDING = 10;
  /** Narrow sheets are widened to this, panels left-aligned, so the prompt and totals stay readable. */
  public static final int MIN_WIDTH = 480;

  /** Where one panel sits: 0-based row and column, and its image's pixel size (null when it has none). */
  public record Slot(int row, int column, @Nullable Dimension imageSize) {}

  /**
   * @param panelWidth width of every panel in pixels
   * @param maxPromptLines the prompt is cut with an ellipsis after this many lines
   * @param promptWidth measures a line of prompt text in pixels
   */
  public static SheetLayout compute(List<Slot> slots, int rows, int columns, int panelWidth, String prompt,
      int maxPromptLines, ToIntFunction<String> promptWidth) {
    int[] rowImageHeight = new int[rows];
    for (int r = 0; r < rows; r++) {
      int h = 0;
      for (Slot s : slots) {
        if (s.row() == r && s.imageSize() != null && s.imageSize().width > 0) {
          int scaled = (int) Math.round((double) panelWidth * s.imageSize().height / s.imageSize().width);
          h = Math.max(h, Math.min(2 * panelWidth, Math.max(panelWidth / 4, scaled)));
        }
      }
      rowImageHeight[r] = h == 0 ? panelWidth : h;
    }
    int width = Math.max(MIN_WIDTH, 2 * MARGIN + columns * panelWidth + (columns - 1) * GAP);
    Rectangle header = new Rectangle(MARGIN, MARGIN, width - 2 * MARGIN, HEADER_HEIGHT);
    int[] rowTop = new int[rows];
    int y = MARGIN + HEADER_HEIGHT + GAP / 2;
    for (int r = 0; r < rows; r++) {
      rowTop[r] = y;
      y += rowImageHeight[r] + CAPTION_HEIGHT + GAP;
    }
    List<Rectangle> images = new ArrayList<>();
    List<Rectangle> captions = new ArrayList<>();
    for (Slot s : slots) {
      int x = MARGIN + s.column() * (panelWidth + GAP);
      int top = rowTop[s.row()];
      images.add(new Rectangle(x, top, panelWidth, rowImageHeight[s.row()]));
      captions.add(new Rectangle(x, top + rowImageHeight[s.row()], panelWidth, CAPTION_HEIGHT));
    }
    List<String> lines = TextWrap.wrap(prompt, width - 2 * MARGIN, maxPromptLines, promptWidth);
    int footerHeight = FOOTER_PADDING + Math.max(1, lines.size()) * PROMPT_LINE_HEIGHT + FOOTER_PADDING + LINE_HEIGHT;
    Rectangle footer = new Rectangle(MARGIN, y, width - 2 * MARGIN, footerHeight);
    int height = y + footerHeight + MARGIN;
    return new SheetLayout(width, height, header, List.copyOf(images), List.copyOf(captions), footer, List.copyOf(lines));
  }
}
