package dev.darkroom.studio;

import dev.darkroom.ImageRequest;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One row of a comparison: a label and how it changes the base request, e.g.
 * {@code Variant.of("Pro", b -> b.model("gemini-3-pro-image"))} or
 * {@code Variant.of("no system prompt", b -> b.systemPrompt(null))}.
 */
public final class Variant {
  private final String label;
  private final Consumer<ImageRequest.Builder> change;

  private Variant(String label, Consumer<ImageRequest.Builder> change) {
    this.label = label;
    this.change = change;
  }

  /**
   * @param label shown in the panel caption; not blank
   * @param change applied to a builder holding the base request
   */
  public static Variant of(String label, Consumer<ImageRequest.Builder> change) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(change, "change");
    if (label.isBlank()) {
      throw new IllegalArgumentException("variant label must not be blank");
    }
    return new Variant(label.strip(), change);
  }

  /** The base request on another model, labelled with the model id. */
  public static Variant model(String modelId) {
    return of(modelId, b -> b.model(modelId));
  }

  public String label() {
    return label;
  }

  /** Applies this variant's change to {@code builder}. */
  public void applyTo(ImageRequest.Builder builder) {
    change.accept(builder);
  }

  @Override
  public String toString() {
    return "Variant{" + label + "}";
  }
}
