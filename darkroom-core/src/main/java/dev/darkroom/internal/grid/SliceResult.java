package dev.darkroom.internal.grid;

import java.util.List;

/**
 * The cells found in a grid image.
 *
 * @param cells every cell in row-major order (row 1 left to right, then row 2, ...); unmodifiable
 * @param guttersDetected {@code true} when at least some cell edges come from detected gutter
 *     lines or an outer border; {@code false} when the image was split evenly
 */
public record SliceResult(List<Cell> cells, boolean guttersDetected) {

  public SliceResult {
    cells = List.copyOf(cells);
  }
}
