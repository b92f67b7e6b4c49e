package dev.darkroom.studio;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of panels laid out as rows × columns: rows are variants, columns are repeats (or, for
 * generations taken from the history, simply the order given). Made by {@link ComparisonRunner};
 * rendered by {@link ComparisonSheet}.
 */
public final class Comparison {
  private final String prompt;
  private final int rows;
  private final int columns;
  private final List<Panel> panels;

  /**
   * @param prompt the shared prompt printed under the sheet; panels whose prompt differs show their own
   * @param panels each at a distinct {@link Panel#row()}/{@link Panel#column()}; the grid is sized to hold them
   * @throws IllegalArgumentException when there are no panels or two share a position
   */
  public Comparison(String prompt, List<Panel> panels) {
    this.prompt = Objects.requireNonNull(prompt, "prompt");
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a comparison needs at least one panel");
    }
    List<Panel> sorted = new ArrayList<>(panels);
    sorted.sort(Comparator.comparingInt(Panel::row).thenComparingInt(Panel::column));
    for (int i = 1; i < sorted.size(); i++) {
      Panel a = sorted.get(i - 1);
      Panel b = sorted.get(i);
      if (a.row() == b.row() && a.column() == b.column()) {
        throw new IllegalArgumentException("panels '" + a.label() + "' and '" + b.label()
            + "' share row " + a.row() + ", column " + a.column());
      }
    }
    this.panels = List.copyOf(sorted);
    this.rows = sorted.stream().mapToInt(Panel::row).max().orElse(0) + 1;
    this.columns = sorted.stream().mapToInt(Panel::column).max().orElse(0) + 1;
  }

  public String prompt() {
    return prompt;
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  /** All panels, row-major. */
  public List<Panel> panels() {
    return panels;
  }

  /** The panel at a 0-based position, if any. */
  public Optional<Panel> panel(int row, int column) {
    return panels.stream().filter(p -> p.row() == row && p.column() == column).findFirst();
  }

  /** Sum of every panel's cost in USD, failed panels included. */
  public BigDecimal totalCostUsd() {
    return panels.stream().map(Panel::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Panels without an image. */
  public long failures() {
    return panels.stream().filter(p -> !p.succeeded()).count();
  }

  @Override
  public String toString() {
    return "Comparison{" + rows + "x" + columns + ", " + panels.size() + " panels}";
  }
}
