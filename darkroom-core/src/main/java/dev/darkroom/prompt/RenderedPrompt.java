package dev.darkroom.prompt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A prompt written for one target: the positive text, the negative text if any, the LoRAs the engine must
 * load outside the text (ComfyUI LoraLoader nodes, diffusers adapters; empty for A1111, whose tags are in
 * the text), and one warning per construct the target could not express.
 */
public final class RenderedPrompt {
  private final PromptSyntax target;
  private final String text;
  private final @Nullable String negative;
  private final List<LoraRef> loras;
  private final List<String> warnings;

  RenderedPrompt(PromptSyntax target, String text, @Nullable String negative, List<LoraRef> loras,
      List<String> warnings) {
    this.target = target;
    this.text = text;
    this.negative = negative;
    this.loras = List.copyOf(loras);
    this.warnings = List.copyOf(warnings);
  }

  public PromptSyntax target() {
    return target;
  }

  /** The positive prompt text. */
  public String text() {
    return text;
  }

  /** The negative prompt text, if there is one. */
  public Optional<String> negative() {
    return Optional.ofNullable(negative);
  }

  /** LoRAs to apply outside the prompt text; empty when the target puts them in the text or cannot use them. */
  public List<LoraRef> loras() {
    return loras;
  }

  /** One line per construct that was lost or approximated, each starting with the construct's name. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RenderedPrompt r && r.target == target && r.text.equals(text)
        && Objects.equals(r.negative, negative) && r.loras.equals(loras) && r.warnings.equals(warnings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, text, negative, loras, warnings);
  }

  @Override
  public String toString() {
    return target + ": " + text + (negative == null ? "" : " | negative: " + negative)
        + (warnings.isEmpty() ? "" : " " + warnings);
  }
}
