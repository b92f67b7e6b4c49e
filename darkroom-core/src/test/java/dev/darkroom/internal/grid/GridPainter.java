package dev.darkroom.internal.grid;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Draws synthetic grid images in code and remembers where each cell was drawn. */
final class GridPainter {

  static final int BLACK = 0x000000;
  static final int DARK_GREY = 0x2A2A2A;
  static final int WHITE = 0xFFFFFF;

  /** What fills each cell. */
  enum Content {
    /** Uniform random RGB per pixel. */
    NOISE,
    /** Smooth diagonal gradients with texture and mild noise, different in every cell. */
    PHOTO,
    /**
     * Like {@link #PHOTO} but with colour changes that cancel out in luma, so whole columns and
     * rows of a cell look nearly flat: an adversarial stand-in for plain studio backgrounds.
     */
    FLAT_LUMA,
    /** Noise with blocks of the line colour touching each cell edge along 30% of its length. */
    TOUCHING
  }

  record Drawn(BufferedImage image, List<Rectangle> cells) {}

  private int width = 1024;
  private int height = 1024;
  private int rows = 2;
  private int cols = 2;
  private int border;
  private int[] verticalGutters = {};
  private int[] horizontalGutters = {};
  private int lineColour = BLACK;
  private Content content = Content.NOISE;
  private long seed = 42;

  static GridPainter grid(int rows, int cols) {
    GridPainter p = new GridPainter();
    p.rows = rows;
    p.cols = cols;
    return p.gutters(0);
  }

  GridPainter size(int width, int height) {
    this.width = width;
    this.height = height;
    return this;
  }

  GridPainter gutters(int width) {
    verticalGutters = new int[cols - 1];
    horizontalGutters = new int[rows - 1];
    Arrays.fill(verticalGutters, width);
    Arrays.fill(horizontalGutters, width);
    return this;
  }

  GridPainter gutters(int[] vertical, int[] horizontal) {
    verticalGutters = vertical.clone();
    horizontalGutters = horizontal.clone();
    return this;
  }

  GridPainter border(int width) {
    border = width;
    return this;
  }

  GridPainter lineColour(int rgb) {
    lineColour = rgb;
    return this;
  }

  GridPainter content(Content content) {
    this.content = content;
    return this;
  }

  GridPainter seed(long seed) {
    this.seed = seed;
    return this;
  }

  Drawn draw() {
    int[][] xs = cuts(width, border, verticalGutters, cols);
    int[][] ys = cuts(height, border, horizontalGutters, rows);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    Arrays.fill(px, lineColour);
    Random random = new Random(seed);
    List<Rectangle> cells = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        Rectangle cell = new Rectangle(xs[0][c], ys[0][r], xs[1][c] - xs[0][c], ys[1][r] - ys[0][r]);
        cells.add(cell);
        fill(px, cell, random);
      }
    }
    return new Drawn(image, cells);
  }

  /** Cell starts and ends along one axis; the last cell takes any remainder. */
  private static int[][] cuts(int length, int border, int[] gutters, int cells) {
    int available = length - 2 * border - Arrays.stream(gutters).sum();
    int cell = available / cells;
    int[] starts = new int[cells];
    int[] ends = new int[cells];
    int pos = border;
    for (int k = 0; k < cells; k++) {
      starts[k] = pos;
      pos += k == cells - 1 ? available - cell * (cells - 1) : cell;
      ends[k] = pos;
      if (k < cells - 1) {
        pos += gutters[k];
      }
    }
    return new int[][] {starts, ends};
  }

  private void fill(int[] px, Rectangle cell, Random random) {
    int baseR = 40 + random.nextInt(170);
    int baseG = 40 + random.nextInt(170);
    int baseB = 40 + random.nextInt(170);
    double angle = random.nextDouble() * Math.PI;
    double dx = Math.cos(angle);
    double dy = Math.sin(angle);
    double span = Math.max(1, cell.width + cell.height);
    for (int y = cell.y; y < cell.y + cell.height; y++) {
      for (int x = cell.x; x < cell.x + cell.width; x++) {
        int rgb;
        if (content == Content.FLAT_LUMA) {
          double u = ((x - cell.x) * dx + (y - cell.y) * dy) / span;
          double wave = 18 * Math.sin((x - cell.x) / 17.0) * Math.cos((y - cell.y) / 23.0);
          int n = random.nextInt(13) - 6;
          rgb = rgb(baseR + 60 * u + wave + n, baseG - 50 * u + wave + n, baseB + 40 * u - wave + n);
        } else if (content == Content.PHOTO) {
          double u = ((x - cell.x) * dx + (y - cell.y) * dy) / span;
          double wave = 18 * Math.sin((x - cell.x) / 17.0) * Math.cos((y - cell.y) / 23.0);
          int n = random.nextInt(13) - 6;
          rgb = rgb(baseR + 70 * u + wave + n, baseG + 50 * u + wave + n, baseB + 60 * u - wave + n);
        } else {
          rgb = random.nextInt(0x1000000);
        }
        px[y * width + x] = rgb;
      }
    }
    if (content == Content.TOUCHING) {
      int w3 = cell.width * 3 / 10;
      int h3 = cell.height * 3 / 10;
      paint(px, new Rectangle(cell.x, cell.y + cell.height / 3, cell.width / 5, h3));
      paint(px, new Rectangle(cell.x + cell.width - cell.width / 6, cell.y + cell.height / 2, cell.width / 6, h3));
      paint(px, new Rectangle(cell.x + cell.width / 4, cell.y, w3, cell.height / 5));
      paint(px, new Rectangle(cell.x + cell.width / 2, cell.y + cell.height - cell.height / 7, w3, cell.height / 7));
    }
  }

  private void paint(int[] px, Rectangle area) {
    for (int y = area.y; y < area.y + area.height; y++) {
      Arrays.fill(px, y * width + area.x, y * width + area.x + area.width, lineColour);
    }
  }

  private static int rgb(double r, double g, double b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
