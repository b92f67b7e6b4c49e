package dev.darkroom.prompt;

import java.util.List;
import java.util.stream.Collectors;

/** Compact "word=weight" strings of a prompt's tokens, for assertions. */
final class Tokens {
  private Tokens() {}

  /** Tokens of the first sub-prompt as "word=weight" with four-decimal weights, e.g. "cat=1.21". */
  static List<String> of(String text, PromptSyntax syntax) {
    return of(syntax.parser().parse(text));
  }

  static List<String> of(ParsedPrompt prompt) {
    return PromptExplainer.explain(prompt).stream()
        .map(t -> (t.subPrompt() > 1 ? t.subPrompt() + ":" : t.negative() ? "neg:" : "") + t.text() + "="
            + t.formattedWeight())
        .collect(Collectors.toList());
  }
}
