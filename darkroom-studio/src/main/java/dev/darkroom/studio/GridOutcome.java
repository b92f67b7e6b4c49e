package dev.darkroom.studio;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link GridComposer#compose} produced.
 *
 * @param plan how it was generated
 * @param gridImage the whole grid image as saved
 * @param cells each job cell, saved under its own name with its own prompt in its metadata
 * @param unusedCells the layout's cells beyond the job's, saved as {@code <name>-unused-N}; usually none
 * @param costUsd what the one generation cost
 * @param historyRowsUpdated cell rows re-pointed in the history (0 without a history)
 */
public record GridOutcome(GridPlan plan, Path gridImage, List<SavedCell> cells, List<Path> unusedCells,
    BigDecimal costUsd, int historyRowsUpdated) {

  /**
   * One saved cell.
   *
   * @param index 1-based, in job order (row-major)
   * @param row 1-based
   * @param col 1-based
   * @param x left edge in the grid image, pixels
   * @param y top edge in the grid image, pixels
   * @param width cell width, pixels
   * @param height cell height, pixels
   */
  public record SavedCell(int index, @Nullable String label, String prompt, int row, int col, Path path,
      int x, int y, int width, int height) {
    public Optional<String> labelText() {
      return Optional.ofNullable(label);
    }
  }

  /** The grid's cost divided by the cells used. */
  public BigDecimal costPerCellUsd() {
    return costUsd.divide(BigDecimal.valueOf(cells.size()), 6, RoundingMode.HALF_UP);
  }

  /** The estimated cost of generating every cell on its own ({@link GridPlan#oneByOneCostUsd()}). */
  public BigDecimal oneByOneCostUsd() {
    return plan.oneByOneCostUsd();
  }
}
