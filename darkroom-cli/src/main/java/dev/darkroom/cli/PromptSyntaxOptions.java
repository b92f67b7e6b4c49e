package dev.darkroom.cli;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.ProviderOptions;
import dev.darkroom.prompt.PromptConversion;
import dev.darkroom.prompt.PromptSyntax;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.Providers;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --prompt-syntax} and {@code --strict}, for {@code generate} and {@code compare}: a prompt written in one
 * weight dialect, converted to the one each model's engine reads ({@link PromptConversion}, which job files use
 * too). A1111 prompt editing becomes stages on an engine whose provider takes them (ComfyUI's built graph);
 * elsewhere the text at the last step is used, with a warning.
 */
final class PromptSyntaxOptions {
  @Option(names = "--prompt-syntax", paramLabel = "SYNTAX",
      description = "The weight syntax the prompt is written in: a1111, compel, comfyui, swarmui, vqgan or plain (default: the"
          + " engine's own). It is converted to the engine's, with a warning for anything that cannot carry over.")
  @Nullable String syntax;

  @Option(names = "--strict", description = "With --prompt-syntax: refuse a prompt whose meaning would change in conversion.")
  boolean strict;

  /** Whether {@code --prompt-syntax} was given. */
  boolean given() {
    return syntax != null;
  }

  /**
   * The conversion for a model's engine; an engine whose provider is not installed reads plain text.
   *
   * @param steps the request's sampling steps, or null for A1111's default of 20
   * @param workflow whether a ComfyUI workflow is given (its own encoders cannot take stages)
   * @throws CliException (usage) for an unknown syntax name
   */
  PromptConversion forModel(ModelCatalog catalog, @Nullable String modelId, @Nullable Integer steps,
      boolean workflow) {
    ModelInfo model = catalog.require(modelId != null ? modelId : catalog.defaultModel());
    return forProvider(Providers.find(model.provider()), steps, workflow);
  }

  private PromptConversion forProvider(Optional<ImageProvider> provider, @Nullable Integer steps, boolean workflow) {
    String syntaxName = java.util.Objects.requireNonNull(syntax, "syntax");
    try {
      return PromptConversion.builder(PromptSyntax.parse(syntaxName),
              PromptSyntax.parse(provider.map(ImageProvider::promptSyntax).orElse("plain")))
          .engineOptions(provider.map(ImageProvider::optionNames).orElse(java.util.List.of()))
          .ownWorkflow(workflow)
          .steps(steps)
          .strict(strict)
          .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--prompt-syntax: " + e.getMessage());
    }
  }

  /**
   * Converts {@code generate}'s prompt; warnings go to {@code err}, one line each.
   *
   * @throws CliException (usage) for an unknown syntax, or with {@code --strict} for a prompt that would change
   */
  PromptConversion.Result convert(PromptConversion conversion, String prompt, @Nullable String negative,
      PrintWriter err) {
    PromptConversion.Result r = strictly(() -> conversion.convert(prompt, negative));
    r.warnings().forEach(w -> err.println("darkroom: warning: " + w));
    err.flush();
    return r;
  }

  /**
   * One comparison panel's request with its prompt converted for the panel's engine, read for the panel's own
   * {@code steps}; its negative, LoRAs and stages go into the panel's provider options.
   *
   * @param warnings receives what could not carry over
   * @throws CliException (usage) as {@link #convert}
   */
  ImageRequest convert(ImageRequest request, ModelCatalog catalog, Collection<String> warnings) {
    ImageProvider provider = Providers.require(request.model().provider(), "model " + request.model().id());
    Map<String, Object> options = new LinkedHashMap<>(
        request.providerOptions().map(ProviderOptions::values).orElse(Map.of()));
    PromptConversion conversion = forProvider(Optional.of(provider), PromptConversion.stepsOf(options.get("steps")),
        options.get("workflow") != null);
    if (conversion.from() == conversion.to()) {
      return request;
    }
    PromptConversion.Result r = strictly(() -> conversion.convertInto(request.prompt(), options));
    warnings.addAll(r.warnings());
    ImageRequest.Builder b = request.newBuilder(catalog).prompt(r.prompt());
    if (!options.isEmpty()) {
      b.options(provider.readOptions(options));
    }
    return b.build();
  }

  private static PromptConversion.Result strictly(java.util.function.Supplier<PromptConversion.Result> conversion) {
    try {
      return conversion.get();
    } catch (InvalidRequestException e) {
      throw CliException.usage("--strict: " + e.getMessage());
    }
  }
}
