package dev.darkroom.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Grid;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The request of a recorded generation, as it was sent: enough to rebuild it exactly with
 * {@link History#rebuildRequest}. Never contains an API key or image bytes.
 *
 * <p>The parameters are the request's canonical form ({@link dev.darkroom.RequestCodec}); the
 * provider's own options are in {@link #options()} by name.
 */
public final class StoredRequest {
  private final JsonNode json;
  private final String model;
  private final String prompt;
  private final @Nullable String aspectRatio;
  private final @Nullable String imageSize;
  private final String effectiveImageSize;
  private final @Nullable String size;
  private final @Nullable Long seed;
  private final int count;
  private final @Nullable Grid grid;
  private final Map<String, Object> options;
  private final List<StoredInput> inputs;
  private final @Nullable StoredInput mask;
  private final @Nullable Integer maxInputSide;

  StoredRequest(JsonNode json, String model, String prompt, @Nullable String aspectRatio, @Nullable String imageSize,
      String effectiveImageSize, @Nullable String size, @Nullable Long seed, int count, @Nullable Grid grid,
      Map<String, Object> options, List<StoredInput> inputs, @Nullable StoredInput mask,
      @Nullable Integer maxInputSide) {
    this.json = json;
    this.model = model;
    this.prompt = prompt;
    this.aspectRatio = aspectRatio;
    this.imageSize = imageSize;
    this.effectiveImageSize = effectiveImageSize;
    this.size = size;
    this.seed = seed;
    this.count = count;
    this.grid = grid;
    // In the provider's order (Map.copyOf would shuffle it from one run to the next).
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    this.inputs = List.copyOf(inputs);
    this.mask = mask;
    this.maxInputSide = maxInputSide;
  }

  /** The stored JSON, as written (current or older format). */
  JsonNode json() {
    return json;
  }

  /**
   * The longest side in pixels the client downscaled reference images to, 0 when it sent them
   * unchanged; empty when not recorded (rows from before Darkroom kept it, or written by a recorder
   * that was not told). Send again with the same value to send the same image bytes.
   */
  public OptionalInt maxInputSide() {
    return maxInputSide == null ? OptionalInt.empty() : OptionalInt.of(maxInputSide);
  }

  /** The provider's options as sent, by name (e.g. {@code quality}, {@code systemPrompt}). */
  public Map<String, Object> options() {
    return options;
  }

  /** One provider option as text, when it was set. */
  public Optional<String> option(String name) {
    Object v = options.get(name);
    return v == null ? Optional.empty() : Optional.of(v.toString());
  }

  /** The model id. */
  public String model() {
    return model;
  }

  public String prompt() {
    return prompt;
  }

  public Optional<String> aspectRatio() {
    return Optional.ofNullable(aspectRatio);
  }

  /** The size tier the caller asked for; empty when the model's default was used (or in newer rows, which record the effective size). */
  public Optional<String> imageSize() {
    return Optional.ofNullable(imageSize);
  }

  /** The size that was produced: the requested one or the model's default at the time. */
  public String effectiveImageSize() {
    return effectiveImageSize;
  }

  /** The pixel size sent, for models that take pixel sizes. */
  public Optional<String> size() {
    return Optional.ofNullable(size);
  }

  /** The seed, an unsigned 64-bit value. */
  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  /** Images the whole request asked for; each history row is one of its calls. */
  public int count() {
    return count;
  }

  public Optional<Grid> grid() {
    return Optional.ofNullable(grid);
  }

  /** Reference images, in the order they were sent. */
  public List<StoredInput> inputs() {
    return inputs;
  }

  /** The edit mask, stored like an input (path or URL, no digest). */
  public Optional<StoredInput> mask() {
    return Optional.ofNullable(mask);
  }

  @Override
  public String toString() {
    return "StoredRequest{model=" + model + ", prompt=\"" + (prompt.length() <= 60 ? prompt : prompt.substring(0, 57) + "...")
        + "\", inputs=" + inputs.size() + ", imageSize=" + effectiveImageSize + "}";
  }
}
