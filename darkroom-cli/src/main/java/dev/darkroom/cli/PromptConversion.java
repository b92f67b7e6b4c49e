package dev.darkroom.cli;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.prompt.LoraRef;
import dev.darkroom.prompt.PromptConverter;
import dev.darkroom.prompt.PromptSyntax;
import dev.darkroom.prompt.RenderedPrompt;
import dev.darkroom.spi.Providers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code --prompt-syntax}: a prompt written in one weight dialect, converted to the one the model's
 * engine reads. LoRA tags the engine does not read from the text become {@code --lora} options.
 */
final class PromptConversion {
  /** A1111's default sampling steps, for reading prompt editing when the request does not say. */
  static final int DEFAULT_STEPS = 20;

  private final PromptSyntax from;
  private final PromptSyntax to;
  private final boolean strict;
  private final int steps;

  private PromptConversion(PromptSyntax from, PromptSyntax to, boolean strict, int steps) {
    this.from = from;
    this.to = to;
    this.strict = strict;
    this.steps = steps;
  }

  /**
   * @param steps the request's sampling steps, or null when not given: A1111 prompt editing is then read for
   *     A1111's default of 20 steps
   * @throws CliException (usage) for an unknown syntax name
   */
  static PromptConversion forModel(ModelCatalog catalog, @Nullable String modelId, String syntax, boolean strict,
      @Nullable Integer steps) {
    ModelInfo model = catalog.require(modelId != null ? modelId : catalog.defaultModel());
    String engine = Providers.find(model.provider()).map(p -> p.promptSyntax()).orElse("plain");
    try {
      return new PromptConversion(PromptSyntax.parse(syntax), PromptSyntax.parse(engine), strict,
          steps == null || steps < 1 ? DEFAULT_STEPS : steps);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--prompt-syntax: " + e.getMessage());
    }
  }

  /** The converted prompt; warnings go to {@code err}, one line each. */
  Result convert(String prompt, @Nullable String negative, PrintWriter err) {
    if (from == to) {
      return new Result(prompt, negative, List.of());
    }
    RenderedPrompt r;
    try {
      r = PromptConverter.convert(prompt, negative, from.parser(List.of(), steps), from, to, strict);
    } catch (InvalidRequestException e) {
      throw CliException.usage("--strict: " + e.getMessage());
    }
    r.warnings().forEach(w -> err.println("darkroom: warning: " + w));
    err.flush();
    List<String> loras = new ArrayList<>();
    for (LoraRef l : r.loras()) {
      loras.add(l.name() + ":" + l.modelWeight() + l.clipWeight().map(c -> ":" + c).orElse(""));
    }
    return new Result(r.text(), r.negative().orElse(null), loras);
  }

  /** A converted prompt, its negative part and the LoRAs it named, as {@code NAME:WEIGHT[:CLIP]}. */
  record Result(String prompt, @Nullable String negative, List<String> loras) {}
}
