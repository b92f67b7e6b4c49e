package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Lists each word of a prompt with the weight its engine gives it. Words are the spans' text split on
 * whitespace and punctuation (so {@code C++} is {@code C}); embeddings and BREAK markers are rows of their own.
 * LoRAs are not tokens and are not listed.
 */
public final class PromptExplainer {
  private static final Pattern WORD = Pattern.compile("[^\\s\\p{P}\\p{S}]+");

  private PromptExplainer() {}

  /** The tokens of a positive prompt read in the given dialect. */
  public static List<ExplainedToken> explain(String text, PromptSyntax syntax) {
    return explain(syntax.parser().parse(text));
  }

  /** The tokens of a positive and an optional negative prompt; negative tokens come last. */
  public static List<ExplainedToken> explain(String text, @Nullable String negative, PromptSyntax syntax) {
    return explain(syntax.parser().parse(text, negative));
  }

  /** The tokens of a parsed prompt, positive sub-prompts in order, then the negative part. */
  public static List<ExplainedToken> explain(ParsedPrompt prompt) {
    List<ExplainedToken> out = new ArrayList<>();
    for (int i = 0; i < prompt.subPrompts().size(); i++) {
      SubPrompt p = prompt.subPrompts().get(i);
      add(p, i + 1, out);
    }
    prompt.negative().ifPresent(n -> add(n, 0, out));
    return out;
  }

  private static void add(SubPrompt p, int number, List<ExplainedToken> out) {
    for (Span s : p.spans()) {
      switch (s.kind()) {
        case BREAK -> out.add(new ExplainedToken("BREAK", 1.0, Span.Kind.BREAK, number, p.weight()));
        case EMBEDDING -> out.add(new ExplainedToken(s.text(), s.weight(), Span.Kind.EMBEDDING, number, p.weight()));
        case TEXT -> {
          Matcher m = WORD.matcher(s.text());
          while (m.find()) {
            out.add(new ExplainedToken(m.group(), s.weight(), Span.Kind.TEXT, number, p.weight()));
          }
        }
      }
    }
  }
}
