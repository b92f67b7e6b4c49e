package dev.darkroom.prompt;

import java.util.List;

/**
 * Writes ComfyUI {@code CLIPTextEncode} text. Every weighted span is written flat as {@code (text:w)}, which
 * is exact because ComfyUI's explicit weight replaces the nested one; {@code [x]} (0.9091) is written as
 * {@code (x:0.9091)}. Embeddings become {@code embedding:name}. LoRAs go to {@link RenderedPrompt#loras()}
 * for LoraLoader nodes. Lost: {@code BREAK}, {@code AND}, sub-prompt weights (negative ones move to the
 * negative prompt).
 */
final class ComfyUiRenderer implements PromptRenderer {
  private final PromptSyntax target;

  /** @param target {@link PromptSyntax#COMFYUI}, or {@link PromptSyntax#SWARMUI}, which passes ComfyUI weights on */
  ComfyUiRenderer(PromptSyntax target) {
    this.target = target;
  }

  @Override
  public RenderedPrompt render(ParsedPrompt prompt, boolean strict) {
    Losses losses = new Losses(target, strict);
    Flattening.Result split = Flattening.split(prompt, losses);
    String text = spans(Flattening.join(split.positive(), losses, "ComfyUI"), losses);
    String negative = split.negative() == null ? null : spans(Flattening.trim(split.negative()), losses);
    return new RenderedPrompt(target, text.strip(), negative == null ? null : negative.strip(),
        prompt.loras(), losses.warnings());
  }

  private static String spans(List<Span> spans, Losses losses) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < spans.size(); i++) {
      Span s = spans.get(i);
      switch (s.kind()) {
        case BREAK -> {
          losses.lose("BREAK", "dropped; ComfyUI has no BREAK (encode the parts separately and join them with"
              + " ConditioningConcat)");
          b.append(' ');
        }
        case EMBEDDING -> {
          String ref = "embedding:" + s.text();
          b.append(Weights.isOne(s.weight()) ? ref : "(" + ref + ":" + Weights.format(s.weight()) + ")");
          if (Weights.isOne(s.weight()) && i + 1 < spans.size() && !startsWithSpace(spans.get(i + 1))) {
            b.append(' ');
          }
        }
        case TEXT -> {
          String escaped = s.text().replace("(", "\\(").replace(")", "\\)");
          b.append(Weights.isOne(s.weight()) ? escaped
              : Flattening.around(escaped, t -> "(" + t + ":" + Weights.format(s.weight()) + ")"));
        }
      }
    }
    return b.toString();
  }

  private static boolean startsWithSpace(Span s) {
    return s.kind() == Span.Kind.TEXT && !s.text().isEmpty() && Character.isWhitespace(s.text().charAt(0));
  }
}
