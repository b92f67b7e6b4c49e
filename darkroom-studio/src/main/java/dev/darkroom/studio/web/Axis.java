package dev.darkroom.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.Providers;
import dev.darkroom.studio.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One axis of a live X/Y comparison as the Compare page sends it, {@code {"name": "steps", "values":
 * ["20", "30"]}}, turned into {@link Variant}s labelled {@code name=value}. The name is a shared field
 * ({@code model}, {@code seed}, {@code aspectRatio}, {@code imageSize}, {@code size}, {@code prompt}) or
 * any option of the panel's provider by its own name ({@code steps}, {@code sampler}, {@code quality});
 * an option value is checked when the panel is planned, like any request.
 */
final class Axis {
  /** Values per axis, as on the command line. */
  static final int MAX_VALUES = 16;
  static final List<String> FIELDS = List.of("model", "seed", "aspectRatio", "imageSize", "size", "prompt");

  private Axis() {}

  /**
   * @param field {@code x} or {@code y}, named in errors
   * @return empty when the axis is absent (only allowed for {@code y})
   * @throws InvalidRequestException naming {@code field} for a malformed axis
   */
  static List<Variant> parse(JsonNode axis, String field, ModelCatalog catalog) {
    if (axis == null || axis.isMissingNode() || axis.isNull()) {
      if (field.equals("x")) {
        throw new InvalidRequestException("choose what goes on the X axis", "x", FIELDS);
      }
      return List.of();
    }
    String name = axis.path("name").asText("").strip();
    if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,40}")) {
      throw new InvalidRequestException("axis " + field + " name '" + name + "' is not a field or option name", field,
          FIELDS);
    }
    JsonNode values = axis.path("values");
    if (!values.isArray() || values.isEmpty() || values.size() > MAX_VALUES) {
      throw new InvalidRequestException("axis " + field + " (" + name + ") needs 1 to " + MAX_VALUES + " values, got "
          + (values.isArray() ? values.size() : "none"), field, List.of("1 to " + MAX_VALUES + " values"));
    }
    List<Variant> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (JsonNode v : values) {
      String value = v.asText("").strip();
      if (value.isEmpty() || seen.contains(value)) {
        throw new InvalidRequestException("axis " + field + " (" + name + "): value '" + value + "' is "
            + (value.isEmpty() ? "empty" : "given twice"), field, List.of());
      }
      seen.add(value);
      out.add(Variant.of(name + "=" + value, b -> apply(b, name, value, catalog)));
    }
    return out;
  }

  private static void apply(ImageRequest.Builder b, String name, String value, ModelCatalog catalog) {
    switch (name) {
      case "model" -> b.model(value);
      case "prompt" -> b.prompt(value);
      case "aspectRatio" -> b.aspectRatio(value);
      case "imageSize" -> b.imageSize(value);
      case "size" -> b.size(value);
      case "seed" -> {
        if (!value.matches("\\d{1,20}")) {
          throw new InvalidRequestException("seed '" + value + "' is not a whole number", "seed",
              List.of("0 to 18446744073709551615"));
        }
        b.seed(Long.parseUnsignedLong(value));
      }
      default -> option(b, name, value, catalog);
    }
  }

  /** Sets one provider option, keeping the others the builder holds for the same provider. */
  private static void option(ImageRequest.Builder b, String name, String value, ModelCatalog catalog) {
    String modelId = b.modelId();
    String providerId = modelId == null ? "" : catalog.find(modelId).map(ModelInfo::provider).orElse("");
    ImageProvider provider = Providers.find(providerId).orElseThrow(() -> new InvalidRequestException(
        "option " + name + " needs a model first", "model", List.of()));
    Map<String, Object> values = new LinkedHashMap<>();
    b.currentOptions(ProviderOptions.class).filter(o -> o.provider().equals(providerId))
        .ifPresent(o -> values.putAll(o.values()));
    values.put(name, value);
    b.options(provider.readOptions(values));
  }
}
