package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes compel prompts: weighted text as {@code (text)w} (never {@code (text:w)}, which compel corrupts),
 * embeddings as {@code <name>}, {@code BREAK} as {@code ("part 1", "part 2").and()} (compel concatenates the
 * parts, as A1111's BREAK does). Several sub-prompts become {@code ("a", "b").blend(w1, w2)}, an approximation
 * that is warned about; sub-prompts of negative weight move to the negative prompt. LoRAs go to
 * {@link RenderedPrompt#loras()} (compel parses but never applies them); a separate clip weight is lost.
 */
final class CompelRenderer implements PromptRenderer {
  private static final Pattern WORD_FINAL_OPERATOR = Pattern.compile("[^\\s(),\"+-]([+-]+)(?=$|[\\s(),\"])");

  @Override
  public RenderedPrompt render(ParsedPrompt prompt, boolean strict) {
    Losses losses = new Losses(PromptSyntax.COMPEL, strict);
    Flattening.Result split = Flattening.split(prompt, losses);
    List<SubPrompt> parts = split.positive();
    String text;
    if (parts.size() > 1) {
      losses.lose("AND (" + parts.size() + " sub-prompts)", "approximated by compel's .blend(), a weighted average"
          + " of the conditionings");
      List<String> quoted = new ArrayList<>();
      List<String> weights = new ArrayList<>();
      for (SubPrompt p : parts) {
        quoted.add(quote(withoutBreaks(p.spans(), losses)));
        weights.add(Weights.format(p.weight()));
      }
      text = "(" + String.join(", ", quoted) + ").blend(" + String.join(", ", weights) + ")";
    } else {
      SubPrompt only = parts.get(0);
      if (!Weights.isOne(only.weight())) {
        losses.lose("sub-prompt weight " + Weights.format(only.weight()) + " on '" + only.plainText().strip() + "'",
            "dropped");
      }
      List<List<Span>> chunks = chunks(Flattening.trim(only.spans()));
      if (chunks.size() > 1) {
        List<String> quoted = new ArrayList<>();
        chunks.forEach(c -> quoted.add(quote(spans(c, losses).strip())));
        text = "(" + String.join(", ", quoted) + ").and()";
      } else {
        text = spans(chunks.get(0), losses).strip();
      }
    }
    String negative = null;
    if (split.negative() != null) {
      negative = withoutBreaks(split.negative(), losses);
    }
    for (LoraRef l : prompt.loras()) {
      if (l.clipWeight().isPresent()) {
        losses.lose("separate clip weight " + Weights.format(l.effectiveClipWeight()) + " of LoRA " + l.name(),
            "diffusers set_adapters takes one weight; model weight " + Weights.format(l.modelWeight()) + " kept");
      }
    }
    return new RenderedPrompt(PromptSyntax.COMPEL, text, negative, prompt.loras(), losses.warnings());
  }

  private static String withoutBreaks(List<Span> spans, Losses losses) {
    List<Span> out = new ArrayList<>();
    for (Span s : spans) {
      if (s.kind() == Span.Kind.BREAK) {
        losses.lose("BREAK", "dropped; compel's .and() cannot be nested in .blend() or a negative prompt here");
        out.add(Span.text(" ", 1.0));
      } else {
        out.add(s);
      }
    }
    return spans(Flattening.trim(out), losses).strip();
  }

  private static List<List<Span>> chunks(List<Span> spans) {
    List<List<Span>> chunks = new ArrayList<>();
    List<Span> current = new ArrayList<>();
    for (Span s : spans) {
      if (s.kind() == Span.Kind.BREAK) {
        chunks.add(current);
        current = new ArrayList<>();
      } else {
        current.add(s);
      }
    }
    chunks.add(current);
    return chunks;
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  private static String spans(List<Span> spans, Losses losses) {
    StringBuilder b = new StringBuilder();
    for (Span s : spans) {
      if (!s.text().isEmpty() && (s.text().charAt(0) == '.' || Character.isDigit(s.text().charAt(0)))
          && b.length() > 0 && b.charAt(b.length() - 1) != ' ' && Weights.isOne(s.weight())) {
        // compel would read a number right after a group as the group's weight.
        b.append(' ');
      }
      if (s.kind() == Span.Kind.EMBEDDING) {
        String ref = "<" + s.text() + ">";
        b.append(Weights.isOne(s.weight()) ? ref : "(" + ref + ")" + Weights.format(s.weight()));
      } else if (s.kind() == Span.Kind.TEXT) {
        Matcher m = WORD_FINAL_OPERATOR.matcher(s.text());
        while (m.find()) {
          losses.lose("word-final '" + m.group(1) + "' in '" + s.text().strip() + "'",
              "kept, but compel reads it as a weight (compel has no escape for it)");
        }
        String escaped = s.text().replace("(", "\\(").replace(")", "\\)").replace("\"", "\\\"");
        b.append(Weights.isOne(s.weight()) ? escaped
            : Flattening.around(escaped, t -> "(" + t + ")" + Weights.format(s.weight())));
      }
    }
    return b.toString();
  }
}
