package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a request the way the real service does for the given model and turns it into a
 * {@link Generation}. Every rejection is a 400 INVALID_ARGUMENT naming the field and the value.
 */
public final class RequestValidator {
  private static final Set<String> IMAGE_CONFIG_FIELDS = Set.of("aspectRatio", "imageSize");
  private static final Set<String> THINKING_FIELDS =
      Set.of("includeThoughts", "thinkingBudget", "thinkingLevel");
  private static final Map<String, Integer> THOUGHT_TOKENS_BY_LEVEL =
      Map.of("MINIMAL", 48, "LOW", 96, "MEDIUM", 144, "HIGH", 192);

  private RequestValidator() {}

  /** @throws ApiError 400 INVALID_ARGUMENT when the real API would reject the request */
  public static Generation validate(ModelSpec model, GenerateRequest request) {
    if (request.tree().path("contents").isEmpty()) {
      throw ApiError.invalidArgument("contents",
          "* GenerateContentRequest.contents: contents is not specified\n");
    }
    JsonNode config = request.generationConfig();
    checkCandidateCount(model, config);
    boolean[] modalities = modalities(config);
    JsonNode imageConfig = config.path("imageConfig");
    checkKnownFields(imageConfig, IMAGE_CONFIG_FIELDS, "generation_config.image_config");
    String imageSize = imageSize(model, imageConfig);
    String aspectRatio = aspectRatio(model, imageConfig, request);
    int thoughts = thoughtsTokens(model, config.path("thinkingConfig"));
    boolean grounded = googleSearch(model, request.tree().path("tools"));
    return new Generation(model, aspectRatio, imageSize,
        PixelSizes.of(model, aspectRatio, imageSize), GridSpec.fromPrompt(request.lastUserText()),
        modalities[0], modalities[1], thoughts,
        thoughts > 0 && config.path("thinkingConfig").path("includeThoughts").asBoolean(false),
        grounded, Generation.PromptTokens.of(request, model.gemini3Family()),
        request.lastUserText().strip());
  }

  private static void checkCandidateCount(ModelSpec model, JsonNode config) {
    JsonNode count = config.path("candidateCount");
    if (!count.isMissingNode() && count.asInt(1) != 1) {
      throw ApiError.invalidArgument("generation_config.candidate_count",
          "Multiple candidates is not enabled for models/" + model.id()
              + ". candidateCount must be 1, got " + count.asText() + ".");
    }
  }

  /** {text, image}; an absent or empty list means both, as the image models behave. */
  private static boolean[] modalities(JsonNode config) {
    JsonNode list = config.path("responseModalities");
    if (list.isMissingNode() || list.isNull() || list.isEmpty()) {
      return new boolean[] {true, true};
    }
    boolean text = false;
    boolean image = false;
    for (JsonNode modality : list) {
      String value = modality.asText().toUpperCase(Locale.ROOT);
      if (value.equals("TEXT")) {
        text = true;
      } else if (value.equals("IMAGE")) {
        image = true;
      } else {
        throw ApiError.invalidArgument("generation_config.response_modalities",
            "The requested combination of response modalities (" + modality.asText()
                + ") is not supported by the model. Supported: TEXT, IMAGE.");
      }
    }
    return new boolean[] {text, image};
  }

  private static void checkKnownFields(JsonNode object, Set<String> known, String protoPath) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw ApiError.invalidArgument(protoPath, "Invalid JSON payload received. Unknown name \""
            + name + "\" at '" + protoPath + "': Cannot find field.");
      }
    }
  }

  private static String imageSize(ModelSpec model, JsonNode imageConfig) {
    JsonNode size = imageConfig.path("imageSize");
    if (size.isMissingNode() || size.isNull()) {
      return "1K";
    }
    if (!model.imageSizeAccepted()) {
      throw ApiError.invalidArgument("generation_config.image_config.image_size",
          "imageSize is not supported for models/" + model.id() + " (got \"" + size.asText()
              + "\"); this model only generates 1K images. Remove imageConfig.imageSize.");
    }
    if (!model.imageSizes().contains(size.asText())) {
      throw ApiError.invalidArgument("generation_config.image_config.image_size",
          "Unsupported imageSize \"" + size.asText() + "\" for models/" + model.id()
              + ". Supported values: " + String.join(", ", model.imageSizes()) + ".");
    }
    return size.asText();
  }

  private static String aspectRatio(ModelSpec model, JsonNode imageConfig,
      GenerateRequest request) {
    JsonNode ratio = imageConfig.path("aspectRatio");
    if (ratio.isMissingNode() || ratio.isNull()) {
      return request.images().stream()
          .filter(image -> image.dimensions().isPresent())
          .findFirst()
          .map(image -> PixelSizes.closestRatio(model.aspectRatios(),
              image.dimensions().get().width, image.dimensions().get().height))
          .orElse("1:1");
    }
    if (!model.aspectRatios().contains(ratio.asText())) {
      throw ApiError.invalidArgument("generation_config.image_config.aspect_ratio",
          "Unsupported aspectRatio \"" + ratio.asText() + "\" for models/" + model.id()
              + ". Supported values: " + String.join(", ", model.aspectRatios()) + ".");
    }
    return ratio.asText();
  }

  private static int thoughtsTokens(ModelSpec model, JsonNode thinking) {
    boolean sent = thinking.isObject();
    Optional<String> level = Optional.empty();
    Optional<Integer> budget = Optional.empty();
    if (sent) {
      checkKnownFields(thinking, THINKING_FIELDS, "generation_config.thinking_config");
      if (model.thinking() == ModelSpec.Thinking.NONE) {
        throw ApiError.invalidArgument("generation_config.thinking_config",
            "Thinking is not supported for models/" + model.id()
                + ". Remove generationConfig.thinkingConfig.");
      }
      if (thinking.has("thinkingBudget") && thinking.has("thinkingLevel")) {
        throw ApiError.invalidArgument("generation_config.thinking_config",
            "You can only set either thinking_budget or thinking_level, not both.");
      }
      if (thinking.has("thinkingLevel")) {
        String value = thinking.path("thinkingLevel").asText().toUpperCase(Locale.ROOT);
        if (!THOUGHT_TOKENS_BY_LEVEL.containsKey(value)) {
          throw ApiError.invalidArgument("generation_config.thinking_config.thinking_level",
              "Invalid thinkingLevel \"" + thinking.path("thinkingLevel").asText()
                  + "\". Supported values: " + List.of("MINIMAL", "LOW", "MEDIUM", "HIGH") + ".");
        }
        level = Optional.of(value);
      }
      if (thinking.has("thinkingBudget")) {
        budget = Optional.of(thinking.path("thinkingBudget").asInt());
      }
    }
    switch (model.thinking()) {
      case NONE:
        return 0;
      case ALWAYS:
        if (budget.isPresent() && budget.get() == 0) {
          throw ApiError.invalidArgument("generation_config.thinking_config.thinking_budget",
              "Budget 0 is invalid. This model only works in thinking mode.");
        }
        return tokens(level.orElse("HIGH"), budget);
      default:
        if (budget.isPresent() && budget.get() == 0) {
          return 0;
        }
        return tokens(level.orElse("MINIMAL"), budget);
    }
  }

  private static int tokens(String level, Optional<Integer> budget) {
    int byLevel = THOUGHT_TOKENS_BY_LEVEL.get(level);
    return budget.filter(b -> b > 0).map(b -> Math.min(b, 192)).orElse(byLevel);
  }

  private static boolean googleSearch(ModelSpec model, JsonNode tools) {
    boolean search = false;
    for (JsonNode tool : tools) {
      search |= tool.has("googleSearch");
    }
    if (search && !model.supportsGoogleSearch()) {
      throw ApiError.invalidArgument("tools[0].google_search",
          "Search as tool is not enabled for models/" + model.id() + ".");
    }
    return search;
  }
}
