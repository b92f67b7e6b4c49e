package dev.darkroom;

/**
 * Token counts reported by the provider for one call (or a sum of calls).
 *
 * @param promptTokens input tokens, text and images
 * @param outputTokens generated tokens of every modality, thoughts excluded
 * @param imageOutputTokens the part of {@code outputTokens} that is image output
 * @param thoughtTokens tokens spent thinking (billed as text output)
 * @param cachedTokens prompt tokens served from cache
 * @param totalTokens the provider's total; usually prompt + output + thoughts
 * @param imageInputTokens the part of {@code promptTokens} that is image input, when the provider
 *     itemises it (OpenAI does, with its own rate); 0 otherwise
 */
public record Usage(
    long promptTokens,
    long outputTokens,
    long imageOutputTokens,
    long thoughtTokens,
    long cachedTokens,
    long totalTokens,
    long imageInputTokens) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0);

  /** Usage without itemised image input. */
  public Usage(long promptTokens, long outputTokens, long imageOutputTokens, long thoughtTokens, long cachedTokens,
      long totalTokens) {
    this(promptTokens, outputTokens, imageOutputTokens, thoughtTokens, cachedTokens, totalTokens, 0);
  }

  /** Output tokens that are not image output (text, and images the provider did not itemise). */
  public long textOutputTokens() {
    return Math.max(0, outputTokens - imageOutputTokens);
  }

  /** Prompt tokens that are not itemised image input. */
  public long textInputTokens() {
    return Math.max(0, promptTokens - imageInputTokens);
  }

  /** Field-wise sum. */
  public Usage plus(Usage other) {
    return new Usage(
        promptTokens + other.promptTokens,
        outputTokens + other.outputTokens,
        imageOutputTokens + other.imageOutputTokens,
        thoughtTokens + other.thoughtTokens,
        cachedTokens + other.cachedTokens,
        totalTokens + other.totalTokens,
        imageInputTokens + other.imageInputTokens);
  }
}
