package dev.darkroom.cli;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.spi.Closest;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.Providers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Provider options given on the command line, by option name, and their flags. The model's provider
 * reads them ({@link ImageProvider#readOptions}); a flag its provider has no option for is refused
 * before anything is sent, naming the flag and the model. {@code -O NAME=VALUE} reaches any option
 * of any provider without a flag of its own.
 */
final class ProviderFlags {
  /** The flag of each provider option that has one; options without a flag are shown as -O NAME=…. */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("systemPrompt", "--system-prompt"),
      Map.entry("temperature", "--temperature"),
      Map.entry("thinkingLevel", "--thinking"),
      Map.entry("includeThoughts", "--show-thoughts"),
      Map.entry("googleSearch", "--search"),
      Map.entry("safetySettings", "--safety"),
      Map.entry("imageOnly", "--image-only"),
      Map.entry("quality", "--quality"),
      Map.entry("background", "--background"),
      Map.entry("outputFormat", "--output-format"),
      Map.entry("outputCompression", "--output-compression"),
      Map.entry("moderation", "--moderation"),
      Map.entry("partialImages", "--partial-images"),
      Map.entry("negativePrompt", "--negative"),
      Map.entry("loras", "--lora"),
      Map.entry("refiner", "--refiner"),
      Map.entry("refinerSwitch", "--refiner-switch"),
      Map.entry("steps", "--steps"),
      Map.entry("cfg", "--cfg"),
      Map.entry("sampler", "--sampler"),
      Map.entry("scheduler", "--scheduler"),
      Map.entry("denoise", "--denoise"),
      Map.entry("workflow", "--workflow"));

  private final Map<String, Object> values = new LinkedHashMap<>();

  /** Sets an option when {@code value} is given (null, false and empty lists mean "not given"). */
  ProviderFlags put(String option, @Nullable Object value) {
    if (value == null || Boolean.FALSE.equals(value) || (value instanceof List<?> l && l.isEmpty())) {
      return this;
    }
    values.put(option, value);
    return this;
  }

  /** Adds {@code -O NAME=VALUE} pairs. */
  ProviderFlags putAll(List<String> pairs) {
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("-O/--option takes NAME=VALUE, got '" + pair + "'");
      }
      values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
    }
    return this;
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** The flag that sets an option. */
  static String flagOf(String option) {
    return FLAGS.getOrDefault(option, "-O " + option + "=…");
  }

  /**
   * Attaches the options to {@code b} for {@code modelId}'s provider.
   *
   * @throws InvalidRequestException naming a flag the model's provider has no option for (with the
   *     closest option name for a mistyped {@code -O NAME}), or a value it refuses
   */
  void applyTo(ImageRequest.Builder b, ModelCatalog catalog, @Nullable String modelId) {
    if (values.isEmpty()) {
      b.options(null);
      return;
    }
    ModelInfo model = catalog.require(modelId != null ? modelId : catalog.defaultModel());
    ImageProvider provider = Providers.require(model.provider(), "model " + model.id());
    Map<String, Object> mine = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String name = provider.optionAliases().getOrDefault(e.getKey(), e.getKey());
      if (!provider.optionNames().contains(name)) {
        String hint = FLAGS.containsKey(e.getKey()) ? "" : Closest.to(name, provider.optionNames())
            .map(c -> "; did you mean " + flagOf(c) + "?").orElse("");
        throw new InvalidRequestException(flagOf(e.getKey()) + " is not supported by " + model.id() + " (provider "
            + model.provider() + ")" + hint + (provider.optionNames().isEmpty() ? ""
                : "; its options: " + String.join(", ", provider.optionNames().stream().map(ProviderFlags::flagOf).toList())),
            model.provider() + "." + name, Closest.ranked(name, provider.optionNames()));
      }
      mine.put(name, e.getValue());
    }
    try {
      b.options(provider.readOptions(mine));
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(explain(e), e.field().orElse("options"), e.allowed());
    }
  }

  /**
   * Adds these options to those {@code b} already holds (these win), for the provider of the
   * builder's model; nothing to add leaves the builder as it is.
   */
  void mergeInto(ImageRequest.Builder b, ModelCatalog catalog) {
    if (values.isEmpty()) {
      return;
    }
    String modelId = b.modelId();
    ModelInfo model = catalog.require(modelId != null ? modelId : catalog.defaultModel());
    ProviderFlags merged = new ProviderFlags();
    b.currentOptions(dev.darkroom.ProviderOptions.class).filter(o -> o.provider().equals(model.provider()))
        .ifPresent(o -> merged.values.putAll(o.values()));
    merged.values.putAll(values);
    merged.applyTo(b, catalog, modelId);
  }

  /** A library message with the flag of its field, for the command line. */
  static String explain(InvalidRequestException e) {
    return e.field().filter(f -> f.indexOf('.') > 0)
        .map(f -> flagOf(f.substring(f.indexOf('.') + 1)) + ": " + e.getMessage())
        .orElse(e.getMessage());
  }
}
