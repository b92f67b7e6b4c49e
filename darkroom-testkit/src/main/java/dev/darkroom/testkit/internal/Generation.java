package dev.darkroom.testkit.internal;

import java.awt.Dimension;
import java.util.Optional;

/**
 * A validated request, reduced to what the fake will produce.
 *
 * @param model           the model
 * @param aspectRatio     the ratio used, requested or inferred
 * @param imageSize       the size used ("1K" when not requested)
 * @param pixels          output image size in pixels
 * @param grid            grid to draw, from the prompt or a scripted reply
 * @param wantText        whether to answer with a text part
 * @param wantImage       whether to answer with an image
 * @param thoughtsTokens  thinking tokens; 0 when the model does not think for this request
 * @param includeThoughts whether thought parts are returned
 * @param grounded        whether Google Search grounding was requested
 * @param tokens          prompt token accounting
 * @param prompt          text of the last user turn
 */
public record Generation(
    ModelSpec model,
    String aspectRatio,
    String imageSize,
    Dimension pixels,
    Optional<GridSpec> grid,
    boolean wantText,
    boolean wantImage,
    int thoughtsTokens,
    boolean includeThoughts,
    boolean grounded,
    PromptTokens tokens,
    String prompt) {

  /** A copy that draws the given grid. */
  public Generation withGrid(GridSpec gridSpec) {
    return new Generation(model, aspectRatio, imageSize, pixels, Optional.of(gridSpec), wantText,
        wantImage, thoughtsTokens, includeThoughts, grounded, tokens, prompt);
  }

  /**
   * Prompt token counts.
   *
   * @param text   ceil(characters / 4) of all prompt text
   * @param images tokens for input images (258 each on 2.5 Flash, 560 on Gemini 3)
   */
  public record PromptTokens(int text, int images) {
    public int total() {
      return text + images;
    }

    /** Counts tokens of a parsed request for a model family. */
    public static PromptTokens of(GenerateRequest request, boolean gemini3Family) {
      int text = (int) Math.min(Integer.MAX_VALUE / 2, (request.promptChars() + 3) / 4);
      int perImage = gemini3Family ? 560 : 258;
      return new PromptTokens(text, request.images().size() * perImage);
    }
  }
}
