package dev.darkroom;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One cell sliced out of a grid image.
 *
 * @param row 1-based row
 * @param col 1-based column
 * @param x left edge in the source image, pixels
 * @param y top edge in the source image, pixels
 * @param width cell width, pixels
 * @param height cell height, pixels
 * @param image the cell, encoded in the source's format
 * @param path where the cell was saved, when saving was requested
 */
public record GridCell(int row, int col, int x, int y, int width, int height, GeneratedImage image, @Nullable Path path) {
  public Optional<Path> savedPath() {
    return Optional.ofNullable(path);
  }
}
