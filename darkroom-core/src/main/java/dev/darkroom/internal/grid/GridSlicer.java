package dev.darkroom.internal.grid;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a generated grid image into its cells.
 *
 * <p>Image models separate grid cells with lines ("gutters") of varying width, dark or light, and
 * sometimes frame the whole grid with a border; sometimes they draw no lines at all. The slicer
 * looks near each boundary an even split would give (within a third of a cell) for a run of
 * columns or rows that are nearly one colour along most of their length, and puts the cell edges
 * at that run's edges so cells exclude the gutter; uniform runs at the image edges are stripped as
 * border. If some boundary of an axis has no such run, that axis is split evenly, distributing
 * remainder pixels rather than dropping them. All cells in one grid column share their x-extent
 * and all cells in one grid row share their y-extent.
 *
 * <p>Detection compares brightness and colour, reads each pixel once and allocates nothing per
 * pixel. Inner gutters must be at least 2 pixels wide; a 1-pixel line stays inside a cell.
 * Stateless and thread-safe.
 */
public final class GridSlicer {

  private GridSlicer() {}

  /**
   * Finds the cells of {@code grid} in {@code image}.
   *
   * @return {@code grid.cellCount()} cells in row-major order with 1-based positions and bounds in
   *     source pixels; {@code guttersDetected} is {@code false} only when the image was split evenly
   * @throws IllegalArgumentException if the image is narrower than {@code grid.cols()} or lower than
   *     {@code grid.rows()} pixels
   */
  public static SliceResult slice(BufferedImage image, GridSpec grid) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(grid, "grid");
    if (image.getWidth() < grid.cols() || image.getHeight() < grid.rows()) {
      throw new IllegalArgumentException(
          "image of "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + " px is too small for grid "
              + grid
              + " (rows x cols)");
    }
    LineProfile[] profiles = LineProfile.measure(image);
    AxisCuts xs = AxisCuts.split(profiles[0], grid.cols());
    AxisCuts ys = AxisCuts.split(profiles[1], grid.rows());
    List<Cell> cells = new ArrayList<>(grid.cellCount());
    for (int r = 0; r < grid.rows(); r++) {
      for (int c = 0; c < grid.cols(); c++) {
        Rectangle bounds =
            new Rectangle(
                xs.starts()[c],
                ys.starts()[r],
                xs.ends()[c] - xs.starts()[c],
                ys.ends()[r] - ys.starts()[r]);
        cells.add(new Cell(r + 1, c + 1, bounds));
      }
    }
    return new SliceResult(cells, xs.detected() || ys.detected());
  }

  /**
   * Copies one cell out of {@code image} into a new image of the same colour model and type that
   * shares no pixel storage with the source.
   *
   * @throws IllegalArgumentException if the cell's bounds do not lie inside the image
   */
  public static BufferedImage crop(BufferedImage image, Cell cell) {
    Objects.requireNonNull(image, "image");
    Rectangle b = cell.bounds();
    if (!new Rectangle(image.getWidth(), image.getHeight()).contains(b)) {
      throw new IllegalArgumentException(
          "cell r" + cell.row() + "c" + cell.col() + " bounds " + b + " lie outside the "
              + image.getWidth() + "x" + image.getHeight() + " image");
    }
    ColorModel cm = image.getColorModel();
    WritableRaster target =
        Raster.createWritableRaster(
            image.getSampleModel().createCompatibleSampleModel(b.width, b.height), null);
    target.setDataElements(0, 0, image.getRaster().createChild(b.x, b.y, b.width, b.height, 0, 0, null));
    return new BufferedImage(cm, target, cm.isAlphaPremultiplied(), null);
  }
}
