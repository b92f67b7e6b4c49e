package dev.darkroom.openai;

import dev.darkroom.ImageRequest;
import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's Images API (GPT Image models), found through {@link java.util.ServiceLoader}. Works with
 * OpenAI-compatible gateways given their base URL.
 *
 * <p>Settings (on the client as {@code openai.<name>}, else the environment):
 * <ul>
 *   <li>{@code apiKey}: {@code OPENAI_API_KEY}; sent only in the {@code Authorization} header;</li>
 *   <li>{@code baseUrl}: {@code OPENAI_BASE_URL}, default {@value #DEFAULT_BASE_URL} (with the API version);</li>
 *   <li>{@code organization}: {@code OPENAI_ORG_ID}; {@code project}: {@code OPENAI_PROJECT_ID}.</li>
 * </ul>
 * Options: {@link OpenAiOptions}.
 */
public final class OpenAiProvider implements ImageProvider {
  /** This provider's id. */
  public static final String ID = "openai";
  /** OpenAI's production endpoint, including the API version. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  private static final String KEY_HINT = "create a key at https://platform.openai.com/api-keys";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "OpenAI Images API";
  }

  @Override
  public List<String> optionNames() {
    return OpenAiOptions.NAMES;
  }

  @Override
  public ProviderOptions readOptions(Map<String, ?> values) {
    return OpenAiOptions.read(values);
  }

  /** One image per call while partial images stream (streaming several is not documented). */
  @Override
  public int imagesPerCall(ImageRequest request) {
    return OpenAiOptions.of(request).partialImages() > 0 ? 1 : Math.max(1, request.model().maxImagesPerCall());
  }

  /**
   * The model's tokens for the size and quality, plus 100 per partial image. With the quality left to
   * OpenAI ({@code auto}, or unset), the highest quality's tokens: OpenAI may resolve to it.
   */
  @Override
  public long estimatedImageTokens(ImageRequest request) {
    OpenAiOptions o = OpenAiOptions.of(request);
    String quality = o.quality().filter(q -> !q.equals("auto")).orElse(null);
    long tokens;
    if (quality == null && request.model().qualities().contains("high")) {
      tokens = request.model().estimatedImageTokens(request.effectiveImageSize(), "high");
    } else {
      tokens = request.model().estimatedImageTokens(request.effectiveImageSize(), quality);
    }
    return tokens + 100L * o.partialImages();
  }

  /** With the quality left to OpenAI, the estimate is at the highest quality: an upper bound. */
  @Override
  public boolean estimateIsUpperBound(ImageRequest request) {
    return OpenAiOptions.of(request).quality().filter(q -> !q.equals("auto")).isEmpty()
        && request.model().qualities().contains("high");
  }

  @Override
  public ProviderClient open(ProviderContext context) {
    String key = context.requireSecret("apiKey", KEY_HINT, "OPENAI_API_KEY");
    String baseUrl = context.url("baseUrl", DEFAULT_BASE_URL, "OPENAI_BASE_URL");
    return new OpenAiClient(context.http(), baseUrl, key, setting(context, "organization", "OPENAI_ORG_ID"),
        setting(context, "project", "OPENAI_PROJECT_ID"), context.redactor(), context.scheduler(),
        context.userAgent(), () -> context.catalog().currentIds(ID));
  }

  @Override
  public Optional<BatchBackend> openBatch(ProviderContext context, BatchBackend.Settings settings) {
    OpenAiBatchClient client = OpenAiBatchClient.builder()
        .apiKey(context.requireSecret("apiKey", KEY_HINT, "OPENAI_API_KEY"))
        .baseUrl(context.url("baseUrl", DEFAULT_BASE_URL, "OPENAI_BASE_URL"))
        .organization(setting(context, "organization", "OPENAI_ORG_ID"))
        .project(setting(context, "project", "OPENAI_PROJECT_ID"))
        .timeout(context.timeout())
        .sleeper(context.sleeper())
        .maxInputSide(context.maxInputSide())
        .pollInterval(settings.pollInitial(), settings.pollMax())
        .build();
    return Optional.of(new OpenAiBatchBackend(client));
  }

  /**
   * {@code GET /v1/models}, reduced to the image models ({@code gpt-image…}, {@code chatgpt-image…},
   * {@code dall-e…}).
   *
   * @throws dev.darkroom.InvalidRequestException when no API key is configured
   */
  @Override
  public Optional<List<String>> liveModels(ProviderContext context) {
    return Optional.of(OpenAiModelList.read(context.http(), context.url("baseUrl", DEFAULT_BASE_URL, "OPENAI_BASE_URL"),
        context.requireSecret("apiKey", KEY_HINT, "OPENAI_API_KEY"), setting(context, "organization", "OPENAI_ORG_ID"),
        setting(context, "project", "OPENAI_PROJECT_ID"), context.timeout(), context.redactor(), context.userAgent()));
  }

  private static String setting(ProviderContext context, String name, String env) {
    return context.setting(name).or(() -> context.env(env)).orElse(null);
  }
}
