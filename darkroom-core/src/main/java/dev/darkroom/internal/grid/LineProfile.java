package dev.darkroom.internal.grid;

import java.awt.image.BufferedImage;

/**
 * How "line-like" each column (or each row) of an image is: the share of its pixels whose luma
 * lies in its densest 40-level band, and the mean luma of that band.
 *
 * <p>A gutter or border line drawn in one colour scores close to 1 even after JPEG compression and
 * where cell content touches it in places; photographic or noisy content scores far lower.
 * {@link #measure} reads each pixel once and allocates nothing per pixel.
 */
final class LineProfile {

  private static final int SHIFT = 2;
  private static final int BINS = 256 >> SHIFT;
  private static final int BAND = 10;

  private final float[] uniformity;
  private final float[] level;

  private LineProfile(float[] uniformity, float[] level) {
    this.uniformity = uniformity;
    this.level = level;
  }

  /** Returns the column profile (index = x) and the row profile (index = y), in that order. */
  static LineProfile[] measure(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] columnHist = new int[width * BINS];
    int[] rowHist = new int[height * BINS];
    int[] luma = new int[width];
    LumaRows rows = LumaRows.of(image);
    for (int y = 0; y < height; y++) {
      rows.read(y, luma);
      int rowBase = y * BINS;
      for (int x = 0; x < width; x++) {
        int bin = luma[x] >> SHIFT;
        columnHist[x * BINS + bin]++;
        rowHist[rowBase + bin]++;
      }
    }
    return new LineProfile[] {of(columnHist, width, height), of(rowHist, height, width)};
  }

  private static LineProfile of(int[] hist, int lines, int samplesPerLine) {
    float[] uniformity = new float[lines];
    float[] level = new float[lines];
    for (int line = 0; line < lines; line++) {
      int base = line * BINS;
      int window = 0;
      for (int bin = 0; bin < BAND; bin++) {
        window += hist[base + bin];
      }
      int best = window;
      int bestStart = 0;
      for (int start = 1; start + BAND <= BINS; start++) {
        window += hist[base + start + BAND - 1] - hist[base + start - 1];
        if (window > best) {
          best = window;
          bestStart = start;
        }
      }
      long weighted = 0;
      for (int bin = bestStart; bin < bestStart + BAND; bin++) {
        weighted += (long) hist[base + bin] * ((bin << SHIFT) * 2 + (1 << SHIFT) - 1);
      }
      uniformity[line] = (float) best / samplesPerLine;
      level[line] = best == 0 ? 0f : weighted / (2f * best);
    }
    return new LineProfile(uniformity, level);
  }

  int length() {
    return uniformity.length;
  }

  /** Share of the line's pixels in its densest luma band, 0 to 1. */
  float uniformity(int index) {
    return uniformity[index];
  }

  /** Mean luma of the line's densest band, 0 to 255. */
  float level(int index) {
    return level[index];
  }
}
