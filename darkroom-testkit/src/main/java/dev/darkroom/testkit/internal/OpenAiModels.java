package dev.darkroom.testkit.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GPT Image models the fake OpenAI serves, with their sizes, qualities and output-token rules
 * (state of November 2026), and the ids it answers {@code model_not_found} for because they are
 * retired.
 */
public final class OpenAiModels {
  /** One served model. */
  public record Model(String id, boolean customSizes, List<String> qualities, boolean fixedTokenTable,
      boolean inputFidelity) {}

  public static final List<String> PRESETS = List.of("1024x1024", "1536x1024", "1024x1536");
  private static final List<String> Q4 = List.of("low", "medium", "high", "auto");
  private static final List<String> Q6 = List.of("low", "medium", "high", "xhigh", "max", "auto");
  private static final Map<String, Model> MODELS = Map.ofEntries(
      entry(new Model("gpt-image-2.6-sunburst", false, Q4, false, false)),
      entry(new Model("gpt-image-2.6-flare", false, Q4, false, false)),
      entry(new Model("gpt-image-2.5-sunburst", true, Q6, false, false)),
      entry(new Model("gpt-image-2.5-sunburst-2026-09-08", true, Q6, false, false)),
      entry(new Model("gpt-image-2.5-flare", true, Q6, false, false)),
      entry(new Model("gpt-image-2.5-flare-2026-09-08", true, Q6, false, false)),
      entry(new Model("gpt-image-2", true, Q4, false, false)),
      entry(new Model("gpt-image-2-2026-04-21", true, Q4, false, false)),
      entry(new Model("gpt-image-1.5", false, Q4, true, true)),
      entry(new Model("gpt-image-1.5-2025-12-16", false, Q4, true, true)),
      entry(new Model("gpt-image-1-mini", false, Q4, true, true)),
      entry(new Model("chatgpt-image-latest", false, Q4, true, true)));
  /** Retired ids: requests for them get 404 {@code model_not_found}. */
  public static final Set<String> RETIRED = Set.of("gpt-image-1", "dall-e-2", "dall-e-3");

  private static final Map<String, Map<String, Integer>> TABLE = Map.of(
      "low", Map.of("1024x1024", 272, "1024x1536", 408, "1536x1024", 400),
      "medium", Map.of("1024x1024", 1056, "1024x1536", 1584, "1536x1024", 1568),
      "high", Map.of("1024x1024", 4160, "1024x1536", 6240, "1536x1024", 6208));
  private static final Map<String, Integer> FACTORS = Map.of("low", 16, "medium", 48, "high", 96, "xhigh", 144,
      "max", 192);

  private OpenAiModels() {}

  private static Map.Entry<String, Model> entry(Model m) {
    return Map.entry(m.id(), m);
  }

  public static Optional<Model> find(String id) {
    return Optional.ofNullable(MODELS.get(id));
  }

  /** Served ids, sorted. */
  public static List<String> ids() {
    return MODELS.keySet().stream().sorted().toList();
  }

  /**
   * Why a {@code WxH} size is refused for the model, or empty. Custom sizes: both sides multiples
   * of 16, longest side at most 3840, 655,360 to 8,294,400 pixels, aspect ratio within 1:3 to 3:1.
   */
  public static Optional<String> sizeProblem(Model model, String size) {
    if (size.equals("auto") || PRESETS.contains(size)) {
      return Optional.empty();
    }
    int[] wh = parseSize(size);
    if (wh == null) {
      return Optional.of("Invalid size '" + size + "'. Supported sizes are auto, " + String.join(", ", PRESETS)
          + (model.customSizes() ? ", or WIDTHxHEIGHT." : "."));
    }
    if (!model.customSizes()) {
      return Optional.of("Invalid size '" + size + "'. Supported sizes for " + model.id() + " are auto, "
          + String.join(", ", PRESETS) + ".");
    }
    int w = wh[0];
    int h = wh[1];
    long pixels = (long) w * h;
    if (w % 16 != 0 || h % 16 != 0) {
      return Optional.of("Invalid size '" + size + "'. Width and height must both be divisible by 16.");
    }
    if (Math.max(w, h) > 3840) {
      return Optional.of("Invalid size '" + size + "'. The longest edge must be at most 3840 pixels.");
    }
    if (pixels < 655_360 || pixels > 8_294_400) {
      return Optional.of("Invalid size '" + size + "'. The total pixel count must be between 655360 and 8294400.");
    }
    if (Math.max(w, h) > 3L * Math.min(w, h)) {
      return Optional.of("Invalid size '" + size + "'. The aspect ratio must be between 1:3 and 3:1.");
    }
    return Optional.empty();
  }

  public static int[] parseSize(String size) {
    int x = size.indexOf('x');
    if (x <= 0) {
      return null;
    }
    try {
      return new int[] {Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1))};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Output image tokens for one image: OpenAI's fixed table for the gpt-image-1 family, otherwise
   * the community reading of OpenAI's gpt-image-2 calculator (also used for 2.5 and 2.6).
   */
  public static int outputTokens(Model model, String quality, int width, int height) {
    String size = width + "x" + height;
    if (model.fixedTokenTable() && TABLE.containsKey(quality) && TABLE.get(quality).containsKey(size)) {
      return TABLE.get(quality).get(size);
    }
    int f = FACTORS.getOrDefault(quality, 48);
    long longEdge = Math.max(width, height);
    long shortEdge = Math.min(width, height);
    long s = (2L * f * shortEdge + longEdge) / (2 * longEdge);
    return (int) Math.ceil(f * s * (2_000_000.0 + (double) width * height) / 4_000_000.0);
  }

  /**
   * Input tokens for one reference image (an approximation: OpenAI publishes no formula for image
   * models): fit within 2048², shortest side at most 768, then 85 + 170 per 512-pixel tile.
   */
  public static int inputImageTokens(int width, int height) {
    double scale = Math.min(1.0, 2048.0 / Math.max(width, height));
    double w = width * scale;
    double h = height * scale;
    double shrink = Math.min(1.0, 768.0 / Math.min(w, h));
    w *= shrink;
    h *= shrink;
    int tiles = (int) (Math.ceil(w / 512) * Math.ceil(h / 512));
    return 85 + 170 * tiles;
  }
}
