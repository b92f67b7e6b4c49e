package dev.darkroom.history;

import dev.darkroom.Grid;
import dev.darkroom.SafetySetting;
import dev.darkroom.ThinkingLevel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The request of a recorded generation, as it was sent: enough to rebuild it exactly with
 * {@link History#rebuildRequest}. Never contains an API key or image bytes.
 */
public final class StoredRequest {
  private final String model;
  private final String prompt;
  private final @Nullable String systemPrompt;
  private final @Nullable String aspectRatio;
  private final @Nullable String imageSize;
  private final String effectiveImageSize;
  private final @Nullable Double temperature;
  private final @Nullable Integer seed;
  private final int count;
  private final @Nullable ThinkingLevel thinkingLevel;
  private final boolean includeThoughts;
  private final boolean googleSearch;
  private final List<SafetySetting> safetySettings;
  private final boolean imageOnly;
  private final @Nullable Grid grid;
  private final List<StoredInput> inputs;
  private final Options options;
  private final @Nullable Integer maxInputSide;

  /**
   * The provider options of pixel-size models (OpenAI); all empty for Gemini requests.
   *
   * @param mask the edit mask, stored like an input (path or URL, no digest)
   */
  public record Options(@Nullable String size, @Nullable String quality, @Nullable String background,
      @Nullable String outputFormat, @Nullable Integer outputCompression, @Nullable String moderation,
      @Nullable String safetyIdentifier, int partialImages, @Nullable StoredInput mask) {}

  StoredRequest(String model, String prompt, @Nullable String systemPrompt, @Nullable String aspectRatio,
      @Nullable String imageSize, String effectiveImageSize, @Nullable Double temperature, @Nullable Integer seed,
      int count, @Nullable ThinkingLevel thinkingLevel, boolean includeThoughts, boolean googleSearch,
      List<SafetySetting> safetySettings, boolean imageOnly, @Nullable Grid grid, List<StoredInput> inputs,
      Options options, @Nullable Integer maxInputSide) {
    this.model = model;
    this.prompt = prompt;
    this.systemPrompt = systemPrompt;
    this.aspectRatio = aspectRatio;
    this.imageSize = imageSize;
    this.effectiveImageSize = effectiveImageSize;
    this.temperature = temperature;
    this.seed = seed;
    this.count = count;
    this.thinkingLevel = thinkingLevel;
    this.includeThoughts = includeThoughts;
    this.googleSearch = googleSearch;
    this.safetySettings = List.copyOf(safetySettings);
    this.imageOnly = imageOnly;
    this.grid = grid;
    this.inputs = List.copyOf(inputs);
    this.options = options;
    this.maxInputSide = maxInputSide;
  }

  /**
   * The longest side in pixels the client downscaled reference images to, 0 when it sent them
   * unchanged; empty when not recorded (rows from before Darkroom kept it, or written by a recorder
   * that was not told). Send again with the same value to send the same image bytes.
   */
  public OptionalInt maxInputSide() {
    return maxInputSide == null ? OptionalInt.empty() : OptionalInt.of(maxInputSide);
  }

  /** Size, quality, background, output format, compression, moderation, partial images and mask, as sent. */
  public Options options() {
    return options;
  }

  /** The model id. */
  public String model() {
    return model;
  }

  public String prompt() {
    return prompt;
  }

  public Optional<String> systemPrompt() {
    return Optional.ofNullable(systemPrompt);
  }

  public Optional<String> aspectRatio() {
    return Optional.ofNullable(aspectRatio);
  }

  /** The size the caller asked for; empty when the model's default was used. */
  public Optional<String> imageSize() {
    return Optional.ofNullable(imageSize);
  }

  /** The size that was produced: the requested one or the model's default at the time. */
  public String effectiveImageSize() {
    return effectiveImageSize;
  }

  public Optional<Double> temperature() {
    return Optional.ofNullable(temperature);
  }

  public Optional<Integer> seed() {
    return Optional.ofNullable(seed);
  }

  /** Images the whole request asked for; each history row is one of its calls. */
  public int count() {
    return count;
  }

  public Optional<ThinkingLevel> thinkingLevel() {
    return Optional.ofNullable(thinkingLevel);
  }

  public boolean includeThoughts() {
    return includeThoughts;
  }

  public boolean googleSearch() {
    return googleSearch;
  }

  public List<SafetySetting> safetySettings() {
    return safetySettings;
  }

  public boolean imageOnly() {
    return imageOnly;
  }

  public Optional<Grid> grid() {
    return Optional.ofNullable(grid);
  }

  /** Reference images, in the order they were sent. */
  public List<StoredInput> inputs() {
    return inputs;
  }

  @Override
  public String toString() {
    return "StoredRequest{model=" + model + ", prompt=\"" + (prompt.length() <= 60 ? prompt : prompt.substring(0, 57) + "...")
        + "\", inputs=" + inputs.size() + ", imageSize=" + effectiveImageSize + "}";
  }
}
