package dev.darkroom.internal.grid;

import java.awt.Rectangle;
import java.util.Objects;

/**
 * One cell of a sliced grid image.
 *
 * @param row 1-based row, counted from the top
 * @param col 1-based column, counted from the left
 * @param bounds the cell's pixels in source-image coordinates; never empty. The accessor returns
 *     a copy, so callers may change it freely.
 */
public record Cell(int row, int col, Rectangle bounds) {

  public Cell {
    if (row < 1 || col < 1) {
      throw new IllegalArgumentException("cell row and col are 1-based, got " + row + "," + col);
    }
    Objects.requireNonNull(bounds, "bounds");
    if (bounds.isEmpty()) {
      throw new IllegalArgumentException("cell bounds must not be empty, got " + bounds);
    }
    bounds = new Rectangle(bounds);
  }

  @Override
  public Rectangle bounds() {
    return new Rectangle(bounds);
  }
}
