package dev.darkroom.studio.dataset;

import java.util.List;

/**
 * The SDXL training resolutions (about one megapixel, sides multiples of 64) an image's aspect ratio
 * is closest to, compared on a logarithmic scale so that 2:1 and 1:2 are equally far from 1:1.
 */
final class SdxlBuckets {
  /** Width and height of each bucket, square first. */
  static final List<int[]> BUCKETS = List.of(
      new int[] {1024, 1024}, new int[] {1152, 896}, new int[] {896, 1152}, new int[] {1216, 832},
      new int[] {832, 1216}, new int[] {1344, 768}, new int[] {768, 1344}, new int[] {1536, 640},
      new int[] {640, 1536});

  private SdxlBuckets() {}

  /** The nearest bucket as {@code WIDTHxHEIGHT}, e.g. {@code 1216x832} for a 3:2 image. */
  static String nearest(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    double ratio = Math.log((double) width / height);
    int[] best = BUCKETS.get(0);
    double bestDistance = Double.MAX_VALUE;
    for (int[] b : BUCKETS) {
      double d = Math.abs(ratio - Math.log((double) b[0] / b[1]));
      if (d < bestDistance) {
        bestDistance = d;
        best = b;
      }
    }
    return best[0] + "x" + best[1];
  }
}
