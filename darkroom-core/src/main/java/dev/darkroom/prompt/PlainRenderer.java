package dev.darkroom.prompt;

/**
 * Writes plain text for engines without weighting (Gemini, OpenAI). Every weight, BREAK, embedding, LoRA,
 * sub-prompt split and the negative prompt are lost, each with a warning; the words are kept.
 */
final class PlainRenderer implements PromptRenderer {
  private static final String TARGET = "plain text (Gemini, OpenAI)";

  @Override
  public RenderedPrompt render(ParsedPrompt prompt, boolean strict) {
    Losses losses = new Losses(PromptSyntax.PLAIN, strict);
    Flattening.Result split = Flattening.split(prompt, losses);
    String text = TextOnly.text(Flattening.join(split.positive(), losses, TARGET), losses, TARGET);
    if (split.negative() != null) {
      String negative = TextOnly.text(split.negative(), losses, TARGET);
      losses.lose("negative prompt '" + negative + "'", "dropped; " + TARGET + " has no negative prompt");
    }
    TextOnly.loras(prompt, losses, TARGET);
    return new RenderedPrompt(PromptSyntax.PLAIN, text, null, java.util.List.of(), losses.warnings());
  }
}
