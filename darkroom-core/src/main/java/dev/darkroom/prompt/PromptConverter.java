package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
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
    return convert(text, negative, from.parser(), from, to, strict);
  }

  /**
   * Converts with a given parser for the source, e.g. one told the embeddings and the number of steps
   * ({@link PromptSyntax#parser(java.util.Collection, int)}). When source and target are the same dialect the
   * text is returned as written: nothing needs converting, and A1111 prompt editing stays intact.
   */
  public static RenderedPrompt convert(String text, @Nullable String negative, PromptParser parser,
      PromptSyntax from, PromptSyntax to, boolean strict) {
    if (from == to) {
      return new RenderedPrompt(to, text, negative == null || negative.isBlank() ? null : negative, List.of(),
          List.of());
    }
    ParsedPrompt parsed = parser.parse(text, negative);
    Losses losses = new Losses(to, strict);
    for (ParsedPrompt.Scheduled s : parsed.scheduled()) {
      losses.lose("A1111 prompt editing or alternation " + String.join(" ", s.constructs()),
          "used the text A1111 uses at the last of " + s.steps() + " steps: '" + s.lastStepText() + "'");
    }
    RenderedPrompt r = to.renderer().render(parsed, strict);
    if (parsed.scheduled().isEmpty()) {
      return r;
    }
    List<String> warnings = new ArrayList<>(losses.warnings());
    warnings.addAll(r.warnings());
    return new RenderedPrompt(to, r.text(), r.negative().orElse(null), r.loras(), warnings);
  }
}
