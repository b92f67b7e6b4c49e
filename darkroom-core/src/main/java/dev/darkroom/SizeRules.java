package dev.darkroom;

import java.util.Optional;

/**
 * The rules a model applies to custom pixel sizes ({@code WxH}), from the model table's
 * {@code customSizes} object.
 *
 * @param multipleOf both sides must be multiples of this
 * @param maxEdge the longest side may be at most this many pixels
 * @param minPixels width × height may not be smaller
 * @param maxPixels width × height may not be larger
 * @param maxAspectRatio long side / short side may be at most this (3.0 = between 1:3 and 3:1)
 */
public record SizeRules(int multipleOf, int maxEdge, long minPixels, long maxPixels, double maxAspectRatio) {

  /** What is wrong with {@code width x height}, or empty when the size is allowed. */
  public Optional<String> violation(int width, int height) {
    if (width <= 0 || height <= 0) {
      return Optional.of("both sides must be positive");
    }
    if (width % multipleOf != 0 || height % multipleOf != 0) {
      return Optional.of("both sides must be multiples of " + multipleOf);
    }
    if (Math.max(width, height) > maxEdge) {
      return Optional.of("the longest side may be at most " + maxEdge + " pixels");
    }
    long pixels = (long) width * height;
    if (pixels < minPixels || pixels > maxPixels) {
      return Optional.of("it has " + pixels + " pixels; allowed: " + minPixels + " to " + maxPixels);
    }
    if ((double) Math.max(width, height) / Math.min(width, height) > maxAspectRatio + 1e-9) {
      return Optional.of("the aspect ratio must be between 1:" + trim(maxAspectRatio) + " and " + trim(maxAspectRatio) + ":1");
    }
    return Optional.empty();
  }

  /** The rules in one phrase, for messages. */
  public String describe() {
    return "WxH with both sides multiples of " + multipleOf + ", longest side at most " + maxEdge + ", "
        + minPixels + " to " + maxPixels + " pixels, aspect ratio between 1:" + trim(maxAspectRatio) + " and "
        + trim(maxAspectRatio) + ":1";
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
