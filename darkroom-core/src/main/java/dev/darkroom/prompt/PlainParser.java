package dev.darkroom.prompt;

import java.util.List;

/** Plain text for engines without weighting (Gemini, OpenAI): the whole text is one span of weight 1. */
final class PlainParser implements PromptParser {

  @Override
  public ParsedPrompt parse(String positive) {
    return ParsedPrompt.builder().addSubPrompt(parseNegative(positive)).build();
  }

  @Override
  public SubPrompt parseNegative(String negative) {
    return SubPrompt.of(List.of(Span.text(negative, 1.0)));
  }
}
