package dev.darkroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.Providers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one canonical JSON form of a request's parameters, written and read here only: provenance,
 * history, batch keys and re-runs all use it.
 *
 * <pre>{@code
 * {"model": "gpt-image-2", "prompt": "…", "aspectRatio": null, "imageSize": null,
 *  "effectiveImageSize": "1024x1024", "size": "1024x1024", "seed": null, "count": 1, "grid": null,
 *  "options": {"quality": "high"}}
 * }</pre>
 *
 * <p>Reference images and the mask are not part of it: each store describes them its own way (paths
 * and digests in history, digests and pixel sizes in provenance). {@code options} holds the provider's
 * options ({@link ProviderOptions#values()}) for the model's provider. Forms written before options
 * existed kept them as top-level fields; {@link #read} still takes them.
 */
public final class RequestCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Top-level fields of the canonical form; provider option names must differ from these. */
  static final List<String> SHARED = List.of("model", "prompt", "aspectRatio", "imageSize", "effectiveImageSize",
      "size", "seed", "count", "grid", "options");

  private RequestCodec() {}

  /** The canonical form of {@code request}'s parameters. */
  public static ObjectNode write(ImageRequest request) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", request.model().id());
    o.put("prompt", request.prompt());
    o.put("aspectRatio", request.aspectRatio().orElse(null));
    o.put("imageSize", request.imageSize().orElse(null));
    o.put("effectiveImageSize", request.effectiveImageSize());
    if (request.size().isPresent()) {
      o.put("size", request.size().get());
    }
    if (request.seed().isPresent()) {
      long seed = request.seed().get();
      if (seed >= 0) {
        o.put("seed", seed);
      } else {
        o.put("seed", new java.math.BigInteger(Long.toUnsignedString(seed)));
      }
    } else {
      o.putNull("seed");
    }
    o.put("count", request.count());
    o.put("grid", request.grid().map(Grid::toString).orElse(null));
    ObjectNode options = o.putObject("options");
    request.providerOptions().ifPresent(p -> options.setAll((ObjectNode) JSON.valueToTree(p.values())));
    return o;
  }

  /**
   * A builder holding the parameters of a canonical form (current or older), without images or mask.
   *
   * @throws InvalidRequestException when the model or an option is no longer valid
   */
  public static ImageRequest.Builder read(JsonNode node, ModelCatalog catalog) {
    String modelId = node.path("model").asText();
    ModelInfo model = catalog.require(modelId);
    ImageRequest.Builder b = ImageRequest.builder(catalog).model(modelId).prompt(node.path("prompt").asText(""));
    text(node, "aspectRatio").ifPresent(b::aspectRatio);
    Optional<String> size = text(node, "size");
    if (size.isPresent() && !size.get().equals("auto")) {
      b.size(size.get());
    } else if (!model.usesPixelSizes()) {
      // imageSize is the requested tier (null: the model's default); older provenance records held
      // the effective one there, which produces the same size.
      b.imageSize(text(node, "imageSize").orElse(null));
    }
    JsonNode seed = node.get("seed");
    if (seed != null && !seed.isNull()) {
      b.seed(seed.isBigInteger() || seed.asText().length() > 18 ? Long.parseUnsignedLong(seed.asText()) : seed.asLong());
    }
    b.count(node.path("count").asInt(1));
    text(node, "grid").ifPresent(g -> b.grid(Grid.parse(g)));
    readOptions(model.provider(), node).ifPresent(b::options);
    return b;
  }

  /**
   * The provider options stored in a canonical form: its {@code options} object, or, in forms written
   * before it existed, the top-level fields the provider knows that hold a value other than false, 0 or
   * empty (those forms wrote every option, set or not).
   */
  public static Optional<ProviderOptions> readOptions(String providerId, JsonNode node) {
    Optional<ImageProvider> provider = Providers.find(providerId);
    if (provider.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    JsonNode options = node.get("options");
    if (options != null && options.isObject()) {
      options.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          values.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
        }
      });
    } else {
      for (String name : provider.get().optionNames()) {
        JsonNode v = node.get(name);
        // Older forms wrote every option, set or not: false, 0 and empty mean "not set" there.
        if (v == null || v.isNull() || (v.isBoolean() && !v.asBoolean()) || (v.isContainerNode() && v.isEmpty())
            || (v.isNumber() && v.asDouble() == 0)) {
          continue;
        }
        values.put(name, JSON.convertValue(v, Object.class));
      }
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(provider.get().readOptions(values));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
