package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ComfyUI {@code CLIPTextEncode} text, read as comfy/sd1_clip.py reads it: top-level parenthesised groups
 * multiply the weight by 1.1, and a group ending in {@code :number} (colon not first) <em>replaces</em> the
 * accumulated weight with that number, so {@code ((cat:1.5))} is 1.5. {@code \(} and {@code \)} are literal
 * parentheses; square brackets, {@code BREAK} and {@code AND} are plain text; an unclosed group is literal
 * text. {@code embedding:name} is an embedding reference. LoRAs are graph nodes, never prompt text.
 */
final class ComfyUiParser implements PromptParser {
  private static final char ESC_CLOSE = '\u0001';
  private static final char ESC_OPEN = '\u0002';
  private static final Pattern EMBEDDING = Pattern.compile("(?<![^\\s])embedding:(\\S+)");
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[,.;!?]+$");

  @Override
  public ParsedPrompt parse(String positive) {
    return ParsedPrompt.builder().addSubPrompt(parseNegative(positive)).build();
  }

  @Override
  public SubPrompt parseNegative(String text) {
    String escaped = text.replace("\\)", String.valueOf(ESC_CLOSE)).replace("\\(", String.valueOf(ESC_OPEN));
    List<Span> spans = new ArrayList<>();
    tokenWeights(escaped, 1.0, spans);
    List<Span> out = new ArrayList<>();
    for (Span s : spans) {
      embeddings(s.text().replace(ESC_CLOSE, ')').replace(ESC_OPEN, '('), s.weight(), out);
    }
    return SubPrompt.of(out);
  }

  /** Top-level groups of the text: a group starts at an opening parenthesis at nesting level zero. */
  static List<String> parentheses(String s) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int nesting = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        if (nesting == 0) {
          if (current.length() > 0) {
            result.add(current.toString());
          }
          current.setLength(0);
        }
        current.append(c);
        nesting++;
      } else if (c == ')') {
        nesting--;
        current.append(c);
        if (nesting == 0) {
          result.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      result.add(current.toString());
    }
    return result;
  }

  private static void tokenWeights(String s, double weight, List<Span> out) {
    for (String x : parentheses(s)) {
      if (x.length() >= 2 && x.charAt(0) == '(' && x.charAt(x.length() - 1) == ')') {
        String inner = x.substring(1, x.length() - 1);
        double w = weight * 1.1;
        int colon = inner.lastIndexOf(':');
        if (colon > 0) {
          Double explicit = number(inner.substring(colon + 1));
          if (explicit != null) {
            w = explicit;
            inner = inner.substring(0, colon);
          }
        }
        tokenWeights(inner, w, out);
      } else {
        out.add(Span.text(x, weight));
      }
    }
  }

  /** Python's float() on the text, for the forms prompts use; null where it would fail. */
  private static Double number(String text) {
    String t = text.strip();
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      return null;
    }
    return Double.parseDouble(t);
  }

  private static void embeddings(String text, double weight, List<Span> out) {
    Matcher m = EMBEDDING.matcher(text);
    int last = 0;
    while (m.find()) {
      String name = m.group(1);
      Matcher p = TRAILING_PUNCTUATION.matcher(name);
      String leftover = "";
      if (p.find() && p.start() > 0) {
        leftover = name.substring(p.start());
        name = name.substring(0, p.start());
      }
      out.add(Span.text(text.substring(last, m.start()), weight));
      out.add(Span.embedding(name, weight));
      out.add(Span.text(leftover, weight));
      last = m.end();
    }
    out.add(Span.text(text.substring(last), weight));
  }
}
