package dev.darkroom.testkit.internal;

import java.util.List;
import java.util.Map;

/**
 * How Google's service treats one image model: output format, accepted sizes and ratios, output
 * tokens per image and whether it thinks.
 *
 * @param id                 model id as used in the URL
 * @param mimeType           output MIME type, {@code image/png} or {@code image/jpeg}
 * @param gemini3Family      true for the Gemini 3 family: JPEG sizes table, 560 tokens per input
 *                           image, thought signatures on final parts, grounding support
 * @param imageSizeAccepted  whether {@code imageConfig.imageSize} may be sent at all
 * @param imageTokensBySize  output tokens per image by size ({@code "512"}, {@code "1K"}...), in
 *                           the order the sizes are listed to users
 * @param aspectRatios       accepted {@code imageConfig.aspectRatio} values
 * @param thinking           how the model thinks
 */
public record ModelSpec(
    String id,
    String mimeType,
    boolean gemini3Family,
    boolean imageSizeAccepted,
    Map<String, Integer> imageTokensBySize,
    List<String> aspectRatios,
    Thinking thinking) {

  /** Whether and how a model thinks. */
  public enum Thinking {
    /** No thinking; any thinkingConfig is rejected. */
    NONE,
    /** Always thinks; a zero thinkingBudget is rejected. */
    ALWAYS,
    /** Thinks at a selectable level (default minimal); thinkingBudget 0 turns it off. */
    LEVELS
  }

  /** Output tokens for one image of the given size ({@code "1K"} etc.). */
  public int imageTokens(String imageSize) {
    return imageTokensBySize.get(imageSize);
  }

  /** Sizes accepted in {@code imageConfig.imageSize}. */
  public List<String> imageSizes() {
    return List.copyOf(imageTokensBySize.keySet());
  }

  public boolean supportsGoogleSearch() {
    return gemini3Family;
  }
}
