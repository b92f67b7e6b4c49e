package dev.darkroom.testkit.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Draws and encodes the fake generated images: a gradient with a few shapes, or a grid of
 * distinct coloured cells. Encoded bytes are memoised (up to {@value #MAX_CACHED} entries) because
 * encoding a 4K image takes far longer than serving it.
 */
public final class ImageRenderer {
  /** Colour of gutters and of the outer border of grid images. */
  public static final Color GUTTER = new Color(24, 24, 28);
  private static final int MAX_CACHED = 48;
  private static final Map<Key, Memo> CACHE = new ConcurrentHashMap<>();

  private record Key(int width, int height, String mimeType, Optional<GridSpec> grid) {}

  private static final class Memo {
    private byte[] bytes;

    synchronized byte[] get(Key key) {
      if (bytes == null) {
        bytes = encode(draw(key), key.mimeType());
      }
      return bytes;
    }
  }

  private ImageRenderer() {}

  /**
   * The encoded image. Callers must not modify the returned array; it is shared.
   *
   * @param mimeType {@code image/png} or {@code image/jpeg}
   */
  public static byte[] render(int width, int height, String mimeType, Optional<GridSpec> grid) {
    Key key = new Key(width, height, mimeType, grid);
    if (CACHE.size() > MAX_CACHED) {
      CACHE.clear();
    }
    return CACHE.computeIfAbsent(key, k -> new Memo()).get(key);
  }

  /** The colour of grid cell number {@code index} (row-major) out of {@code count}. */
  public static Color cellColor(int index, int count) {
    return Color.getHSBColor((float) index / count, 0.65f, 0.92f);
  }

  private static BufferedImage draw(Key key) {
    BufferedImage image = new BufferedImage(key.width(), key.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      if (key.grid().isPresent()) {
        drawGrid(g, key.width(), key.height(), key.grid().get());
      } else {
        drawScene(g, key.width(), key.height());
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawScene(Graphics2D g, int w, int h) {
    g.setPaint(new GradientPaint(0, 0, new Color(32, 96, 168), w, h, new Color(244, 170, 80)));
    g.fillRect(0, 0, w, h);
    int unit = Math.min(w, h);
    g.setColor(new Color(250, 236, 210));
    g.fillOval(w / 2 - unit / 4, h / 2 - unit / 4, unit / 2, unit / 2);
    g.setColor(new Color(40, 150, 90));
    g.fillRect(w / 10, h - h / 4, w / 3, h / 6);
    g.setColor(new Color(200, 40, 70));
    g.setStroke(new BasicStroke(Math.max(2f, unit / 80f)));
    g.drawLine(0, 0, w, h);
    g.drawLine(w, 0, 0, h);
  }

  private static void drawGrid(Graphics2D g, int w, int h, GridSpec grid) {
    g.setColor(GUTTER);
    g.fillRect(0, 0, w, h);
    int gutter = GridSpec.gutterFor(w);
    int rows = grid.rows();
    int cols = grid.columns();
    for (int r = 0; r < rows; r++) {
      int y0 = edge(h, gutter, rows, r);
      int y1 = edge(h, gutter, rows, r + 1) - gutter;
      for (int c = 0; c < cols; c++) {
        int x0 = edge(w, gutter, cols, c);
        int x1 = edge(w, gutter, cols, c + 1) - gutter;
        Color color = cellColor(r * cols + c, rows * cols);
        g.setPaint(new GradientPaint(x0, y0, color, x1, y1, color.brighter()));
        g.fillRect(x0, y0, x1 - x0, y1 - y0);
        int d = Math.min(x1 - x0, y1 - y0) / 3;
        g.setColor(new Color(255, 255, 255, 140));
        g.fillOval((x0 + x1) / 2 - d / 2, (y0 + y1) / 2 - d / 2, d, d);
      }
    }
  }

  /** Left (or top) pixel of cell {@code i}; cells share the space left by n+1 gutters. */
  private static int edge(int total, int gutter, int n, int i) {
    int space = total - (n + 1) * gutter;
    return gutter + i * gutter + (int) ((long) space * i / n);
  }

  private static byte[] encode(BufferedImage image, String mimeType) {
    String format = switch (mimeType) {
      case "image/png" -> "png";
      case "image/jpeg" -> "jpg";
      default -> throw new IllegalArgumentException("Unsupported output mimeType " + mimeType);
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("No ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
