package dev.darkroom.studio;

import dev.darkroom.ImageRequest;
import dev.darkroom.RequestPlan;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One comparison sheet's panels, every request built and validated before anything is sent: made by
 * {@link ComparisonRunner#plan} (variants by repeats) or {@link ComparisonRunner#planAxes} (X/Y/Z
 * axes), run by {@link ComparisonRunner#run(ComparisonPlan)}. Each panel's seed is already fixed.
 */
public final class ComparisonPlan {
  private final String prompt;
  private final String title;
  private final List<Cell> cells;

  ComparisonPlan(String prompt, String title, List<Cell> cells) {
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    this.title = Objects.requireNonNull(title, "title");
    this.cells = List.copyOf(cells);
  }

  /**
   * One panel to make.
   *
   * @param label the panel's caption: what sets it apart from the others
   * @param row 0-based
   * @param column 0-based
   * @param fileStem the name its image is saved under (without the runner's base name)
   * @param request the validated request, count 1, seed fixed where the model takes one
   */
  public record Cell(String label, int row, int column, String fileStem, ImageRequest request) {
    public Cell {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(fileStem, "fileStem");
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * This plan with every panel's request replaced by {@code change}'s result (e.g. its prompt converted for
   * the panel's engine); labels, places and file names stay.
   *
   * @param change called once per panel, in order; what it throws is passed on
   */
  public ComparisonPlan withRequests(java.util.function.UnaryOperator<ImageRequest> change) {
    List<Cell> changed = new java.util.ArrayList<>();
    for (Cell c : cells) {
      changed.add(new Cell(c.label(), c.row(), c.column(), c.fileStem(), change.apply(c.request())));
    }
    return new ComparisonPlan(prompt, title, changed);
  }

  /** The shared prompt. */
  public String prompt() {
    return prompt;
  }

  /** What this sheet is among several (a Z-axis value), empty when it stands alone. */
  public String title() {
    return title;
  }

  /** The panels, row by row. */
  public List<Cell> cells() {
    return cells;
  }

  /** Rows of the sheet. */
  public int rows() {
    return cells.stream().mapToInt(Cell::row).max().orElse(0) + 1;
  }

  /** Columns of the sheet. */
  public int columns() {
    return cells.stream().mapToInt(Cell::column).max().orElse(0) + 1;
  }

  /** The estimated cost in USD of every panel (see {@link RequestPlan#estimatedCostUsd()}). */
  public BigDecimal estimatedCostUsd() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Cell c : cells) {
      sum = sum.add(dev.darkroom.Darkroom.estimateCost(c.request()));
    }
    return sum;
  }

  @Override
  public String toString() {
    return "ComparisonPlan{" + (title.isEmpty() ? "" : title + ", ") + rows() + "x" + columns() + " panels}";
  }
}
