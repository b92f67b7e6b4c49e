package dev.darkroom.internal.grid;

import java.awt.image.BufferedImage;

/**
 * How "line-like" each column (or each row) of an image is, and its dominant colour.
 *
 * <p>Each pixel is seen as three 8-bit channels: luma {@code Y = (77R + 150G + 29B) / 256} and
 * two half-scale colour differences {@code (B - Y) / 2 + 128} and {@code (R - Y) / 2 + 128}. For
 * each line and channel the profile keeps the share of the line's pixels in its densest 40-level
 * band and that band's mean value. A line's uniformity is the smallest of its three shares: a
 * gutter or border line drawn in one colour scores close to 1 even after JPEG compression and
 * where cell content touches it in places, while photographic content, including content that is
 * flat in brightness but not in colour, scores far lower.
 *
 * <p>{@link #measure} reads each pixel once and allocates nothing per pixel.
 */
final class LineProfile {

  static final int CHANNELS = 3;

  private static final int SHIFT = 2;
  private static final int BINS = 256 >> SHIFT;
  private static final int BAND = 10;
  private static final int STRIDE = CHANNELS * BINS;

  private final float[] uniformity;
  private final float[] levels;

  private LineProfile(float[] uniformity, float[] levels) {
    this.uniformity = uniformity;
    this.levels = levels;
  }

  /** Returns the column profile (index = x) and the row profile (index = y), in that order. */
  static LineProfile[] measure(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] columnHist = new int[width * STRIDE];
    int[] rowHist = new int[height * STRIDE];
    int[] rgb = new int[width];
    RgbRows rows = RgbRows.of(image);
    for (int y = 0; y < height; y++) {
      rows.read(y, rgb);
      int rowBase = y * STRIDE;
      for (int x = 0; x < width; x++) {
        int p = rgb[x];
        int r = (p >> 16) & 0xFF;
        int g = (p >> 8) & 0xFF;
        int b = p & 0xFF;
        int luma = (77 * r + 150 * g + 29 * b) >> 8;
        int yBin = luma >> SHIFT;
        int uBin = BINS + ((((b - luma) >> 1) + 128) >> SHIFT);
        int vBin = 2 * BINS + ((((r - luma) >> 1) + 128) >> SHIFT);
        int columnBase = x * STRIDE;
        columnHist[columnBase + yBin]++;
        columnHist[columnBase + uBin]++;
        columnHist[columnBase + vBin]++;
        rowHist[rowBase + yBin]++;
        rowHist[rowBase + uBin]++;
        rowHist[rowBase + vBin]++;
      }
    }
    return new LineProfile[] {of(columnHist, width, height), of(rowHist, height, width)};
  }

  private static LineProfile of(int[] hist, int lines, int samplesPerLine) {
    float[] uniformity = new float[lines];
    float[] levels = new float[lines * CHANNELS];
    for (int line = 0; line < lines; line++) {
      float least = 1f;
      for (int channel = 0; channel < CHANNELS; channel++) {
        int base = line * STRIDE + channel * BINS;
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
        least = Math.min(least, (float) best / samplesPerLine);
        levels[line * CHANNELS + channel] = best == 0 ? 0f : weighted / (2f * best);
      }
      uniformity[line] = least;
    }
    return new LineProfile(uniformity, levels);
  }

  int length() {
    return uniformity.length;
  }

  /** Share of the line's pixels in its densest band, in the least uniform channel; 0 to 1. */
  float uniformity(int index) {
    return uniformity[index];
  }

  /** Mean value of the line's densest band in {@code channel} (0 luma, 1 and 2 colour), 0-255. */
  float level(int index, int channel) {
    return levels[index * CHANNELS + channel];
  }

  /** The largest per-channel difference between the dominant colours of two lines, 0-255. */
  float distance(int a, int b) {
    float max = 0;
    for (int channel = 0; channel < CHANNELS; channel++) {
      max = Math.max(max, Math.abs(level(a, channel) - level(b, channel)));
    }
    return max;
  }
}
