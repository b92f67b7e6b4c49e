package dev.darkroom.spi;

import dev.darkroom.InvalidRequestException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A LoRA as people write it on a command line or in a job file, {@code NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]]},
 * shared by the local engines so the same spec means the same on each. The CLIP (text-encoder) weight
 * defaults to the model weight; only trailing numbers are weights, so a name may contain colons.
 *
 * @param name the LoRA as the engine lists it
 * @param modelWeight the UNet strength, default 1
 * @param clipWeight the text-encoder strength, default the model weight
 */
public record LoraSpec(String name, double modelWeight, double clipWeight) {
  public LoraSpec {
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses {@code NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]]}.
   *
   * @param field the option it is read for, e.g. {@code comfyui.loras}, named when the spec is refused
   * @throws InvalidRequestException for an empty name
   */
  public static LoraSpec parse(String spec, String field) {
    String[] parts = spec.trim().split(":", -1);
    int n = parts.length;
    int weights = 0;
    while (weights < 2 && n - weights > 1 && isNumber(parts[n - 1 - weights])) {
      weights++;
    }
    String name = String.join(":", Arrays.copyOf(parts, n - weights)).trim();
    if (name.isEmpty()) {
      String allowed = "NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]] with a non-empty name";
      throw new InvalidRequestException(field + " '" + spec + "' is invalid; allowed: " + allowed, field,
          List.of(allowed));
    }
    double model = weights >= 1 ? Double.parseDouble(parts[n - weights].trim()) : 1.0;
    double clip = weights == 2 ? Double.parseDouble(parts[n - 1].trim()) : model;
    return new LoraSpec(name, model, clip);
  }

  /** A weight as people write it: {@code 0.7}, {@code 1}, never {@code 1.0} or {@code 7E-1}. */
  public static String plain(double weight) {
    String s = new BigDecimal(Double.toString(weight)).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  private static boolean isNumber(String s) {
    try {
      return Double.isFinite(Double.parseDouble(s.trim()));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
