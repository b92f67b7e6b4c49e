package dev.darkroom.testkit.internal;

import java.awt.Dimension;
import java.util.List;
import java.util.Map;

/** Output pixel sizes by model family, aspect ratio and image size. */
public final class PixelSizes {
  private static final Map<String, int[]> FLASH_25_1K = Map.of(
      "1:1", new int[] {1024, 1024}, "2:3", new int[] {832, 1248}, "3:2", new int[] {1248, 832},
      "3:4", new int[] {864, 1184}, "4:3", new int[] {1184, 864}, "4:5", new int[] {896, 1152},
      "5:4", new int[] {1152, 896}, "9:16", new int[] {768, 1344}, "16:9", new int[] {1344, 768},
      "21:9", new int[] {1536, 672});
  private static final Map<String, int[]> GEMINI_3_1K = Map.ofEntries(
      Map.entry("1:1", new int[] {1024, 1024}), Map.entry("2:3", new int[] {848, 1264}),
      Map.entry("3:2", new int[] {1264, 848}), Map.entry("3:4", new int[] {896, 1200}),
      Map.entry("4:3", new int[] {1200, 896}), Map.entry("4:5", new int[] {928, 1152}),
      Map.entry("5:4", new int[] {1152, 928}), Map.entry("9:16", new int[] {768, 1376}),
      Map.entry("16:9", new int[] {1376, 768}), Map.entry("21:9", new int[] {1584, 672}),
      Map.entry("1:4", new int[] {512, 2048}), Map.entry("4:1", new int[] {2048, 512}),
      Map.entry("1:8", new int[] {384, 3072}), Map.entry("8:1", new int[] {3072, 384}));

  private PixelSizes() {}

  /**
   * The pixel size the model produces. {@code imageSize} must be one of the model's sizes and
   * {@code aspectRatio} one of its ratios (checked by the caller).
   */
  public static Dimension of(ModelSpec model, String aspectRatio, String imageSize) {
    int[] base = (model.gemini3Family() ? GEMINI_3_1K : FLASH_25_1K).get(aspectRatio);
    switch (imageSize) {
      case "512":
        return new Dimension(base[0] / 2, base[1] / 2);
      case "2K":
        return new Dimension(base[0] * 2, base[1] * 2);
      case "4K":
        return new Dimension(base[0] * 4, base[1] * 4);
      default:
        return new Dimension(base[0], base[1]);
    }
  }

  /** The allowed ratio closest (on a log scale) to width/height, for inferring from an input. */
  public static String closestRatio(List<String> allowed, int width, int height) {
    double target = Math.log((double) width / height);
    String best = allowed.get(0);
    double bestDistance = Double.MAX_VALUE;
    for (String ratio : allowed) {
      String[] wh = ratio.split(":");
      double distance =
          Math.abs(Math.log(Double.parseDouble(wh[0]) / Double.parseDouble(wh[1])) - target);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = ratio;
      }
    }
    return best;
  }
}
