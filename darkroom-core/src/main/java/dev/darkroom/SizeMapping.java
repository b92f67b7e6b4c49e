package dev.darkroom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Maps Gemini-style sizing (an aspect ratio and a size tier) onto a model that takes pixel sizes:
 * the closest preset, or an exact custom size where the model allows custom sizes. "Closest" means
 * the nearest aspect ratio first and the nearest pixel count second. A tier is the pixel count of
 * a square of its side: {@code 512} = 512², {@code 1K} = 1024², {@code 2K} = 2048², {@code 4K} = 4096².
 * A model whose table entry sets {@code "mapToPresets": true} (a local engine trained on a few native sizes) is
 * mapped onto its presets only, although it accepts custom sizes given explicitly.
 */
final class SizeMapping {
  private static final List<String> TIERS = List.of("512", "1K", "2K", "4K");

  private SizeMapping() {}

  /**
   * The size to send.
   *
   * @param aspectRatio e.g. {@code 16:9}; null means {@code 1:1}
   * @param imageSize a tier; null means {@code 1K}
   * @throws InvalidRequestException for an unparseable ratio or an unknown tier
   */
  static String closest(ModelInfo model, @Nullable String aspectRatio, @Nullable String imageSize) {
    double ratio = ratio(aspectRatio == null ? "1:1" : aspectRatio, model);
    double side = side(imageSize == null ? "1K" : imageSize, model);
    double pixels = side * side;
    List<int[]> candidates = new ArrayList<>();
    for (String s : model.sizes()) {
      candidates.add(ModelInfo.parseSize(s));
    }
    boolean presetsOnly = model.property("mapToPresets").map(n -> n.asBoolean(false)).orElse(false);
    model.customSizes().filter(rules -> !presetsOnly || candidates.isEmpty()).ifPresent(rules -> {
      int[] custom = custom(rules, ratio, pixels);
      if (custom != null) {
        candidates.add(custom);
      }
    });
    int[] best = null;
    double bestScore = Double.MAX_VALUE;
    for (int[] c : candidates) {
      double score = score(c[0], c[1], ratio, pixels);
      if (score < bestScore - 1e-9) {
        best = c;
        bestScore = score;
      }
    }
    if (best == null) {
      throw new InvalidRequestException("model " + model.id() + " lists no sizes to map aspect ratio and image size onto");
    }
    return best[0] + "x" + best[1];
  }

  /**
   * A custom size with this ratio and about this many pixels that the rules allow: the best-scoring
   * of the multiples around the ideal width and height; null if none fits.
   */
  static int @Nullable [] custom(SizeRules rules, double ratio, double pixels) {
    double r = Math.max(1 / rules.maxAspectRatio(), Math.min(rules.maxAspectRatio(), ratio));
    double p = Math.max(rules.minPixels(), Math.min(rules.maxPixels(), pixels));
    double w = Math.sqrt(p * r);
    double h = Math.sqrt(p / r);
    double shrink = Math.min(1.0, rules.maxEdge() / Math.max(w, h));
    w *= shrink;
    h *= shrink;
    int m = rules.multipleOf();
    int w0 = (int) Math.floor(w / m);
    int h0 = (int) Math.floor(h / m);
    int[] best = null;
    double bestScore = Double.MAX_VALUE;
    for (int dw = -1; dw <= 2; dw++) {
      for (int dh = -1; dh <= 2; dh++) {
        int wi = (w0 + dw) * m;
        int hi = (h0 + dh) * m;
        if (wi <= 0 || hi <= 0 || rules.violation(wi, hi).isPresent()) {
          continue;
        }
        double score = score(wi, hi, ratio, pixels);
        if (score < bestScore - 1e-9) {
          best = new int[] {wi, hi};
          bestScore = score;
        }
      }
    }
    return best;
  }

  /** Distance from the wish: aspect ratio first (log scale, weighted), pixel count second. */
  private static double score(int w, int h, double ratio, double pixels) {
    return Math.abs(Math.log((double) w / h / ratio)) * 100 + Math.abs(Math.log((double) w * h / pixels));
  }

  private static double ratio(String text, ModelInfo model) {
    int colon = text.indexOf(':');
    try {
      double w = Double.parseDouble(text.substring(0, colon));
      double h = Double.parseDouble(text.substring(colon + 1));
      if (w > 0 && h > 0) {
        return w / h;
      }
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // reported below
    }
    throw new InvalidRequestException("aspect ratio '" + text + "' is not a ratio like 16:9 (for " + model.id()
        + " it is mapped to the closest size; or give --size WIDTHxHEIGHT)");
  }

  private static double side(String tier, ModelInfo model) {
    return switch (tier.trim().toUpperCase(Locale.ROOT)) {
      case "512" -> 512;
      case "1K" -> 1024;
      case "2K" -> 2048;
      case "4K" -> 4096;
      default -> throw new InvalidRequestException("image size '" + tier + "' is not supported for " + model.id()
          + " (provider " + model.provider() + "); allowed: " + String.join(", ", TIERS)
          + " (mapped to the closest pixel size), or a size: " + model.sizeChoices());
    };
  }
}
