package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shared steps of renderers whose target reads one positive text: sub-prompts of negative weight move to
 * the negative prompt, the others are joined with {@code ", "}, and each of these losses is recorded.
 */
final class Flattening {
  /** What is left: positive parts to write (each with its weight) and the negative spans, if any. */
  record Result(List<SubPrompt> positive, @Nullable List<Span> negative) {}

  private Flattening() {}

  static Result split(ParsedPrompt prompt, Losses losses) {
    List<SubPrompt> positive = new ArrayList<>();
    List<Span> negative = prompt.negative().map(n -> (List<Span>) new ArrayList<>(n.spans())).orElse(null);
    for (SubPrompt p : prompt.subPrompts()) {
      stop(p, losses);
      if (p.weight() < 0) {
        losses.lose("negative sub-prompt weight " + Weights.format(p.weight()) + " on '" + p.plainText().strip() + "'",
            "moved to the negative prompt at weight 1");
        if (negative == null) {
          negative = new ArrayList<>();
        } else {
          negative.add(Span.text(", ", 1.0));
        }
        negative.addAll(p.spans());
      } else {
        positive.add(p);
      }
    }
    if (positive.isEmpty()) {
      positive.add(SubPrompt.of(List.of(Span.text("", 1.0))));
    }
    return new Result(positive, negative);
  }

  /** Joins parts into one span list with {@code ", "}, recording AND and dropped part weights as losses. */
  static List<Span> join(List<SubPrompt> parts, Losses losses, String target) {
    if (parts.size() > 1) {
      losses.lose("AND (" + parts.size() + " sub-prompts)", "joined into one prompt with ', '; "
          + target + " has no composable sub-prompts");
    }
    List<Span> spans = new ArrayList<>();
    for (SubPrompt p : parts) {
      if (!Weights.isOne(p.weight())) {
        losses.lose("sub-prompt weight " + Weights.format(p.weight()) + " on '" + p.plainText().strip() + "'",
            "dropped");
      }
      if (!spans.isEmpty()) {
        spans.add(Span.text(", ", 1.0));
      }
      spans.addAll(trim(p.spans()));
    }
    return spans;
  }

  static void stop(SubPrompt p, Losses losses) {
    if (p.stop().isPresent()) {
      losses.lose("VQGAN stop " + Weights.format(p.stop().getAsDouble()) + " on '" + p.plainText().strip() + "'",
          "dropped");
    }
  }

  /** The spans without leading whitespace on the first and trailing whitespace on the last. */
  static List<Span> trim(List<Span> spans) {
    List<Span> out = new ArrayList<>(spans);
    if (!out.isEmpty() && out.get(0).kind() == Span.Kind.TEXT) {
      out.set(0, out.get(0).withText(out.get(0).text().stripLeading()));
    }
    int last = out.size() - 1;
    if (last >= 0 && out.get(last).kind() == Span.Kind.TEXT) {
      out.set(last, out.get(last).withText(out.get(last).text().stripTrailing()));
    }
    return out;
  }

  /** Text with a weight wrapped by {@code wrap}, keeping the text's outer whitespace outside the wrapping. */
  static String around(String text, java.util.function.UnaryOperator<String> wrap) {
    int start = 0;
    int end = text.length();
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return text;
    }
    return text.substring(0, start) + wrap.apply(text.substring(start, end)) + text.substring(end);
  }
}
