package dev.darkroom.prompt;

/**
 * Writes a {@link ParsedPrompt} in one target's dialect. Obtain one from {@link PromptSyntax#renderer()}.
 * Stateless and thread-safe.
 */
public interface PromptRenderer {
  /**
   * Renders the prompt. What the target cannot express is rendered as closely as it can be and named in
   * {@link RenderedPrompt#warnings()}; with {@code strict}, the first such loss is refused instead.
   *
   * @throws dev.darkroom.InvalidRequestException when {@code strict} and the target cannot express a
   *     construct of the prompt; the message names the construct
   */
  RenderedPrompt render(ParsedPrompt prompt, boolean strict);
}
