package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes VQGAN+CLIP {@code -p} prompts: {@code text:weight[:stop]} parts joined with {@code " | "}. Sub-prompt
 * weights (negative ones too) and stops are exact; token weights, BREAK, embeddings and LoRAs are lost, a
 * {@code |} in text becomes {@code /}, and the negative prompt becomes a part of weight -1. A part whose
 * text contains a colon is written with explicit weight and stop, so the colon stays text.
 */
final class VqganRenderer implements PromptRenderer {

  @Override
  public RenderedPrompt render(ParsedPrompt prompt, boolean strict) {
    Losses losses = new Losses(PromptSyntax.VQGAN, strict);
    List<String> parts = new ArrayList<>();
    for (SubPrompt p : prompt.subPrompts()) {
      parts.add(part(TextOnly.text(p.spans(), losses, "VQGAN+CLIP"), p.weight(),
          p.stop().isPresent() ? p.stop().getAsDouble() : Double.NEGATIVE_INFINITY, losses));
    }
    if (prompt.negative().isPresent()) {
      String text = TextOnly.text(prompt.negative().get().spans(), losses, "VQGAN+CLIP");
      losses.lose("negative prompt '" + text + "'", "written as a part of weight -1");
      parts.add(part(text, -1, Double.NEGATIVE_INFINITY, losses));
    }
    TextOnly.loras(prompt, losses, "VQGAN+CLIP");
    return new RenderedPrompt(PromptSyntax.VQGAN, String.join(" | ", parts), null, List.of(), losses.warnings());
  }

  private static String part(String text, double weight, double stop, Losses losses) {
    if (text.contains("|")) {
      losses.lose("'|' in '" + text + "'", "written as '/'; '|' separates VQGAN prompts");
      text = text.replace('|', '/');
    }
    boolean finiteStop = stop != Double.NEGATIVE_INFINITY;
    if (text.contains(":") || finiteStop) {
      return text + ":" + Weights.format(weight) + ":" + (finiteStop ? Weights.format(stop) : "-inf");
    }
    return Weights.isOne(weight) ? text : text + ":" + Weights.format(weight);
  }
}
