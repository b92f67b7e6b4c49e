package dev.darkroom.prompt;

import org.jspecify.annotations.Nullable;

/** Converts prompt text from one dialect to another: parse with the source's parser, render for the target. */
public final class PromptConverter {
  private PromptConverter() {}

  /**
   * Converts a positive prompt.
   *
   * @param strict refuse, rather than warn about, anything the target cannot express
   * @throws dev.darkroom.InvalidRequestException when the source parser refuses the text, or when strict and
   *     the target cannot express a construct (the message names it)
   */
  public static RenderedPrompt convert(String text, PromptSyntax from, PromptSyntax to, boolean strict) {
    return convert(text, null, from, to, strict);
  }

  /** Converts a positive and an optional negative prompt. */
  public static RenderedPrompt convert(String text, @Nullable String negative, PromptSyntax from, PromptSyntax to,
      boolean strict) {
    return to.renderer().render(from.parser().parse(text, negative), strict);
  }
}
