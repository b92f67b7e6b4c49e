package dev.darkroom.spi;

import dev.darkroom.InvalidRequestException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checks a provider's options make at {@code build()}, with one message shape for every provider:
 * {@code <provider>.<field> <value> is invalid; allowed: <what>}, the exception's field being
 * {@code <provider>.<field>}. The sampling ranges local engines share (steps, guidance, strength, LoRA
 * weights) are here once, so every engine refuses the same values in the same words. A null value is
 * unset and always passes. Immutable and thread-safe.
 */
public final class OptionCheck {
  /** The most sampling steps any engine is asked for. */
  public static final int MAX_STEPS = 10_000;
  /** The largest guidance scale (cfg). */
  public static final double MAX_CFG = 100.0;
  /** The largest LoRA weight, either sign, model or CLIP. */
  public static final double MAX_LORA_WEIGHT = 100.0;

  private final String provider;

  private OptionCheck(String provider) {
    this.provider = provider;
  }

  /** Checks for the options of {@code provider}, e.g. {@code comfyui}. */
  public static OptionCheck of(String provider) {
    return new OptionCheck(Objects.requireNonNull(provider, "provider"));
  }

  /** A name (checkpoint, sampler, LoRA …): not blank and without control characters. */
  public void name(String field, @Nullable String value) {
    if (value != null && (value.isBlank() || value.chars().anyMatch(c -> c < 0x20))) {
      throw bad(field, value, "a non-blank name without control characters");
    }
  }

  /** A number from {@code min} to {@code max}, both included (NaN is refused). */
  public void range(String field, @Nullable Double value, double min, double max) {
    if (value != null && !(value >= min && value <= max)) {
      throw bad(field, value, "a number from " + LoraSpec.plain(min) + " to " + LoraSpec.plain(max));
    }
  }

  /**
   * The sampling settings every local engine shares: {@code steps} 1 to {@value #MAX_STEPS}, {@code cfg} 0 to
   * 100, {@code denoise} (img2img strength) 0 to 1.
   */
  public void sampling(@Nullable Integer steps, @Nullable Double cfg, @Nullable Double denoise) {
    if (steps != null && (steps < 1 || steps > MAX_STEPS)) {
      throw bad("steps", steps, "a whole number from 1 to " + MAX_STEPS);
    }
    range("cfg", cfg, 0.0, MAX_CFG);
    range("denoise", denoise, 0.0, 1.0);
  }

  /** A LoRA of the {@code loras} option: a valid name and weights from -100 to 100. */
  public void lora(String name, double modelWeight, double clipWeight, String spec) {
    name("loras", name);
    if (!(Math.abs(modelWeight) <= MAX_LORA_WEIGHT) || !(Math.abs(clipWeight) <= MAX_LORA_WEIGHT)) {
      throw bad("loras", spec, "weights from -100 to 100");
    }
  }

  /** The refusal of {@code value} for {@code field}, for checks of a provider's own. */
  public InvalidRequestException bad(String field, Object value, String allowed) {
    return new InvalidRequestException(provider + "." + field + " " + (value instanceof String ? "'" + value + "'" : value)
        + " is invalid; allowed: " + allowed, provider + "." + field, List.of(allowed));
  }
}
