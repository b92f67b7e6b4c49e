package dev.darkroom.studio;

import dev.darkroom.Grid;
import dev.darkroom.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link GridComposer} should pack into one generation: the cells (a prompt each, optionally a
 * label), rules shared by every cell, the model, and the smallest acceptable cell size. Validated at
 * {@link Builder#build()}.
 *
 * <p>Defaults: the client's default model, cells at least 512 px, layout and image size chosen by the
 * composer, no labels drawn in the image, files named {@code grid}.
 */
public final class GridJob {
  /**
   * One cell.
   *
   * @param label names the saved file and, with {@link Builder#drawLabels}, is drawn in the cell; may be null
   * @param prompt what the cell shows
   */
  public record Cell(@Nullable String label, String prompt) {
    public Cell {
      Objects.requireNonNull(prompt, "prompt");
      if (prompt.isBlank()) {
        throw new InvalidRequestException("a grid cell prompt must not be blank");
      }
      label = label == null || label.isBlank() ? null : label.strip();
    }
  }

  private final List<Cell> cells;
  private final String shared;
  private final @Nullable String model;
  private final int minCellSize;
  private final @Nullable Grid layout;
  private final @Nullable String imageSize;
  private final boolean drawLabels;
  private final String name;

  private GridJob(Builder b) {
    this.cells = List.copyOf(b.cells);
    this.shared = b.shared;
    this.model = b.model;
    this.minCellSize = b.minCellSize;
    this.layout = b.layout;
    this.imageSize = b.imageSize;
    this.drawLabels = b.drawLabels;
    this.name = b.name;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Cell> cells() {
    return cells;
  }

  /** Rules every cell follows (style, palette, framing); empty when none. */
  public String shared() {
    return shared;
  }

  /** The model id; empty for the client's default. */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** The smallest acceptable cell side in pixels. */
  public int minCellSize() {
    return minCellSize;
  }

  /** A forced layout; empty to let the composer choose. */
  public Optional<Grid> layout() {
    return Optional.ofNullable(layout);
  }

  /** A forced image size such as {@code 2K}; empty to let the composer choose. */
  public Optional<String> imageSize() {
    return Optional.ofNullable(imageSize);
  }

  public boolean drawLabels() {
    return drawLabels;
  }

  /** Base name of the grid image file. */
  public String name() {
    return name;
  }

  /** Builds a {@link GridJob}. */
  public static final class Builder {
    private final List<Cell> cells = new ArrayList<>();
    private String shared = "";
    private @Nullable String model;
    private int minCellSize = 512;
    private @Nullable Grid layout;
    private @Nullable String imageSize;
    private boolean drawLabels;
    private String name = "grid";

    private Builder() {}

    public Builder addCell(String prompt) {
      cells.add(new Cell(null, prompt));
      return this;
    }

    public Builder addCell(@Nullable String label, String prompt) {
      cells.add(new Cell(label, prompt));
      return this;
    }

    public Builder shared(@Nullable String rules) {
      this.shared = rules == null ? "" : rules.strip();
      return this;
    }

    public Builder model(@Nullable String model) {
      this.model = model == null || model.isBlank() ? null : model.strip();
      return this;
    }

    /** Smallest acceptable cell side, 64 to 4096 pixels; default 512. */
    public Builder minCellSize(int pixels) {
      if (pixels < 64 || pixels > 4096) {
        throw new InvalidRequestException("cell size " + pixels + " is out of range; allowed: 64 to 4096 pixels");
      }
      this.minCellSize = pixels;
      return this;
    }

    public Builder layout(@Nullable Grid layout) {
      this.layout = layout;
      return this;
    }

    public Builder imageSize(@Nullable String imageSize) {
      this.imageSize = imageSize == null || imageSize.isBlank() ? null : imageSize.strip();
      return this;
    }

    /** Ask the model to draw each cell's label in the cell; default false. */
    public Builder drawLabels(boolean drawLabels) {
      this.drawLabels = drawLabels;
      return this;
    }

    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new InvalidRequestException("grid name must not be blank");
      }
      this.name = name.strip();
      return this;
    }

    /** @throws InvalidRequestException when there are fewer than two cells, or more than the layout holds */
    public GridJob build() {
      if (cells.size() < 2) {
        throw new InvalidRequestException("a grid needs at least 2 cells, got " + cells.size()
            + "; use 'darkroom generate' for a single image");
      }
      if (cells.size() > 256) {
        throw new InvalidRequestException("a grid holds at most 256 cells, got " + cells.size());
      }
      if (layout != null && layout.cells() < cells.size()) {
        throw new InvalidRequestException("layout " + layout + " holds " + layout.cells() + " cells but "
            + cells.size() + " were given; use a larger layout or leave it to the composer");
      }
      return new GridJob(this);
    }
  }
}
