package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes A1111 / Forge prompts. Weights are written as {@code (text:w)} with at most four decimals, except
 * that a power of 1.1 that four decimals cannot write exactly becomes nested {@code ()} or {@code []}, so
 * {@code [x]} survives a round trip. Sub-prompts are joined with {@code AND} and weighted with a trailing
 * {@code :w}; LoRAs are appended as {@code <lora:name:w>} or {@code <lora:name:clip:model>}; embeddings are
 * written by bare name. Literal text is escaped so A1111 reads it back as the same text.
 */
final class A1111Renderer implements PromptRenderer {
  private static final Pattern KEYWORD = Pattern.compile("\\b(AND|BREAK)\\b");
  private static final Pattern EXTRA_NETWORK = Pattern.compile("<(\\w+):");
  private static final Pattern COLON_NUMBER = Pattern.compile(":(?=\\s*[+\\-.\\d])");
  private static final Pattern ENDS_WITH_WEIGHT = Pattern.compile("[\\s\\S]*:\\s*[-+]?(?:\\d+\\.?|\\d*\\.\\d+)\\s*$");

  @Override
  public RenderedPrompt render(ParsedPrompt prompt, boolean strict) {
    Losses losses = new Losses(PromptSyntax.A1111, strict);
    List<String> parts = new ArrayList<>();
    for (SubPrompt p : prompt.subPrompts()) {
      Flattening.stop(p, losses);
      String text = spans(p.spans()).strip();
      if (!Weights.isOne(p.weight()) || ENDS_WITH_WEIGHT.matcher(text).matches()) {
        text = text + " :" + Weights.format(p.weight());
      }
      parts.add(text);
    }
    StringBuilder out = new StringBuilder(String.join(" AND ", parts));
    for (LoraRef l : prompt.loras()) {
      out.append(out.length() == 0 ? "" : " ").append("<lora:").append(l.name()).append(':');
      if (l.clipWeight().isPresent()) {
        out.append(Weights.format(l.effectiveClipWeight())).append(':').append(Weights.format(l.modelWeight()));
      } else {
        out.append(Weights.format(l.modelWeight()));
      }
      out.append('>');
    }
    String negative = prompt.negative().map(n -> spans(n.spans()).strip()).orElse(null);
    return new RenderedPrompt(PromptSyntax.A1111, out.toString(), negative, List.of(), losses.warnings());
  }

  private static String spans(List<Span> spans) {
    StringBuilder b = new StringBuilder();
    for (Span s : spans) {
      switch (s.kind()) {
        case BREAK -> b.append(" BREAK ");
        case EMBEDDING -> b.append(weighted(s.text(), s.weight()));
        case TEXT -> b.append(Flattening.around(escape(s.text()), t -> weighted(t, s.weight())));
      }
    }
    return b.toString();
  }

  private static String weighted(String text, double w) {
    if (Weights.isOne(w)) {
      return text;
    }
    int n = Weights.powerOf11(w);
    if (n != 0 && !Weights.exact(w)) {
      String open = n > 0 ? "(" : "[";
      String close = n > 0 ? ")" : "]";
      return open.repeat(Math.abs(n)) + text + close.repeat(Math.abs(n));
    }
    return "(" + text + ":" + Weights.format(w) + ")";
  }

  /** Backslash-escapes brackets, backslashes and weight-like colons; breaks up AND, BREAK and {@code <tag:}. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\\' || c == '(' || c == ')' || c == '[' || c == ']' || c == '|') {
        b.append('\\');
      }
      b.append(c);
    }
    String s = COLON_NUMBER.matcher(b).replaceAll("\\\\:");
    s = EXTRA_NETWORK.matcher(s).replaceAll("<$1\\\\:");
    // A backslash inside a word is dropped by A1111, so "A\ND" reads "AND" without splitting the prompt.
    return KEYWORD.matcher(s).replaceAll(m -> m.group(1).charAt(0) + "\\\\" + m.group(1).substring(1));
  }
}
