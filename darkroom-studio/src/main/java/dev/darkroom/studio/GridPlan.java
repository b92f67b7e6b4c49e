package dev.darkroom.studio;

import dev.darkroom.Grid;
import dev.darkroom.ImageRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How {@link GridComposer} will generate a {@link GridJob}: layout, aspect ratio and size, the expected
 * pixels per cell, the grid prompt, and the estimated cost against generating each cell on its own.
 *
 * @param grid rows × columns; may hold more cells than the job (the rest are left plain)
 * @param aspectRatio of the whole image
 * @param imageSize the model's size name, e.g. {@code 2K}
 * @param width expected image width in pixels
 * @param height expected image height in pixels
 * @param cellWidth expected cell width in pixels (before borders)
 * @param cellHeight expected cell height in pixels (before borders)
 * @param request the one request that will be sent, with {@link ImageRequest#grid()} set
 * @param estimatedCostUsd estimate for the grid generation
 * @param oneByOneImageSize the smallest size a single cell would need on its own
 * @param oneByOneCostUsd estimate for generating every cell on its own at that size
 */
public record GridPlan(Grid grid, String aspectRatio, String imageSize, int width, int height, int cellWidth,
    int cellHeight, ImageRequest request, BigDecimal estimatedCostUsd, String oneByOneImageSize,
    BigDecimal oneByOneCostUsd) {

  /** The grid prompt that is sent. */
  public String prompt() {
    return request.prompt();
  }

  /** Estimated cost per used cell of the grid generation. */
  public BigDecimal estimatedCostPerCellUsd(int cells) {
    return estimatedCostUsd.divide(BigDecimal.valueOf(cells), 6, RoundingMode.HALF_UP);
  }
}
