package dev.darkroom.prompt;

import org.jspecify.annotations.Nullable;

/**
 * Reads prompt text of one dialect into a {@link ParsedPrompt}. Obtain one from {@link PromptSyntax#parser()}.
 * Parsers are stateless and thread-safe. Bad input is handled as the engine's own parser handles it:
 * lenient where it is lenient (A1111 closes unbalanced brackets), refused where it fails.
 */
public interface PromptParser {
  /**
   * Parses a positive prompt.
   *
   * @throws dev.darkroom.InvalidRequestException where the engine's own parser would fail (e.g. a VQGAN
   *     weight that is not a number), naming the bad part
   */
  ParsedPrompt parse(String positive);

  /** Parses a negative prompt: one sub-prompt, no {@code AND}, no LoRA tags. */
  SubPrompt parseNegative(String negative);

  /** Parses a positive prompt and, when given and not blank, a negative one. */
  default ParsedPrompt parse(String positive, @Nullable String negative) {
    ParsedPrompt p = parse(positive);
    if (negative == null || negative.isBlank()) {
      return p;
    }
    return p.toBuilder().negative(parseNegative(negative)).build();
  }
}
