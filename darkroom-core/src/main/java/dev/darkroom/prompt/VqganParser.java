package dev.darkroom.prompt;

import dev.darkroom.InvalidRequestException;
import java.util.List;

/**
 * VQGAN+CLIP prompts as nerdyrodent's generate.py reads {@code -p}: parts split on {@code |}, each
 * {@code text:weight:stop} split from the right on at most two colons, weight 1 and stop {@code -inf} by
 * default. A colon inside the text is therefore a separator, and a weight or stop that is not a number is
 * refused, as the script fails on it. Text is trimmed. The story-mode separator {@code ^} is kept as text.
 */
final class VqganParser implements PromptParser {

  @Override
  public ParsedPrompt parse(String positive) {
    ParsedPrompt.Builder b = ParsedPrompt.builder();
    for (String part : positive.split("\\|", -1)) {
      b.addSubPrompt(part(part));
    }
    return b.build();
  }

  @Override
  public SubPrompt parseNegative(String negative) {
    return SubPrompt.of(List.of(Span.text(negative.strip(), 1.0)));
  }

  private static SubPrompt part(String prompt) {
    String text = prompt;
    String weight = "1";
    String stop = "-inf";
    int last = prompt.lastIndexOf(':');
    if (last >= 0) {
      int before = prompt.lastIndexOf(':', last - 1);
      if (before >= 0) {
        text = prompt.substring(0, before);
        weight = prompt.substring(before + 1, last);
      } else {
        text = prompt.substring(0, last);
        weight = prompt.substring(last + 1);
      }
      if (before >= 0) {
        stop = prompt.substring(last + 1);
      }
    }
    return SubPrompt.withStop(List.of(Span.text(text.strip(), 1.0)), number(weight, prompt), number(stop, prompt));
  }

  private static double number(String value, String prompt) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("-inf") || v.equals("-infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    try {
      double d = Double.parseDouble(v);
      if (!Double.isNaN(d) && !v.isEmpty() && !v.endsWith("d") && !v.endsWith("f")) {
        return d;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidRequestException("vqgan cannot read '" + value.strip() + "' as a number in the prompt part '"
        + prompt.strip() + "' (a colon in the text is a separator: text:weight:stop)");
  }
}
