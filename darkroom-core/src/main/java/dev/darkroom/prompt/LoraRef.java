package dev.darkroom.prompt;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A LoRA applied to the model: its name (file stem or alias), the weight on the UNet/model, and
 * optionally a separate weight on the text encoder (CLIP). Without a clip weight engines use the model
 * weight for both, as A1111's {@code <lora:name:w>} and ComfyUI's LoraLoader defaults do.
 */
public final class LoraRef {
  private final String name;
  private final double modelWeight;
  private final @Nullable Double clipWeight;

  private LoraRef(String name, double modelWeight, @Nullable Double clipWeight) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("LoRA name must not be blank");
    }
    this.name = name;
    this.modelWeight = modelWeight;
    this.clipWeight = clipWeight;
  }

  /** A LoRA with one weight for model and text encoder. */
  public static LoraRef of(String name, double weight) {
    return new LoraRef(name, weight, null);
  }

  /** A LoRA with separate model (UNet) and clip (text-encoder) weights. */
  public static LoraRef of(String name, double modelWeight, double clipWeight) {
    return new LoraRef(name, modelWeight, clipWeight == modelWeight ? null : clipWeight);
  }

  public String name() {
    return name;
  }

  /** The UNet/model weight. */
  public double modelWeight() {
    return modelWeight;
  }

  /** The text-encoder weight, when it differs from the model weight. */
  public Optional<Double> clipWeight() {
    return Optional.ofNullable(clipWeight);
  }

  /** The text-encoder weight actually used: the clip weight, else the model weight. */
  public double effectiveClipWeight() {
    return clipWeight == null ? modelWeight : clipWeight;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoraRef l && l.name.equals(name) && Double.compare(l.modelWeight, modelWeight) == 0
        && Objects.equals(l.clipWeight, clipWeight);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, modelWeight, clipWeight);
  }

  @Override
  public String toString() {
    return "lora " + name + " model=" + modelWeight + (clipWeight == null ? "" : " clip=" + clipWeight);
  }
}
