package dev.darkroom.internal.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Lays images out on a grid: the opposite of slicing (gemimg's {@code composite_images}). Every cell
 * has the size of the first image; other images are scaled to fit their cell, keeping their aspect
 * ratio, and centred on the background colour.
 */
public final class Compositor {
  private Compositor() {}

  /**
   * Composes {@code images} row by row.
   *
   * @param rows rows, or 0 to choose {@code ceil(n / cols)}
   * @param cols columns, or 0 to choose {@code ceil(sqrt(n))} (or {@code ceil(n / rows)} when rows is given)
   * @throws IllegalArgumentException when there are no images or the grid has fewer cells than images
   */
  public static BufferedImage compose(List<BufferedImage> images, int rows, int cols, Color background) {
    int n = images.size();
    if (n == 0) {
      throw new IllegalArgumentException("nothing to compose: give at least one image");
    }
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("rows and columns must be positive, got " + rows + "x" + cols);
    }
    if (cols == 0) {
      cols = rows > 0 ? (n + rows - 1) / rows : (int) Math.ceil(Math.sqrt(n));
    }
    if (rows == 0) {
      rows = (n + cols - 1) / cols;
    }
    if ((long) rows * cols < n) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " grid holds " + rows * cols
          + " images but " + n + " were given; use more rows or columns");
    }
    int cw = images.get(0).getWidth();
    int ch = images.get(0).getHeight();
    BufferedImage out = new BufferedImage(cw * cols, ch * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(background);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      for (int i = 0; i < n; i++) {
        BufferedImage img = images.get(i);
        double scale = Math.min(1.0, Math.min((double) cw / img.getWidth(), (double) ch / img.getHeight()));
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        int x = (i % cols) * cw + (cw - w) / 2;
        int y = (i / cols) * ch + (ch - h) / 2;
        g.drawImage(img, x, y, w, h, null);
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
