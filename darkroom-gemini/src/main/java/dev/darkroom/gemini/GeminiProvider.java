package dev.darkroom.gemini;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ProviderOptions;
import dev.darkroom.ThinkingLevel;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Google's Gemini API ("Nano Banana" image models), found through {@link java.util.ServiceLoader}.
 *
 * <p>Settings (on the client as {@code gemini.<name>}, else the environment):
 * <ul>
 *   <li>{@code apiKey}: {@code GEMINI_API_KEY}, else {@code GOOGLE_API_KEY}; sent only in the
 *       {@code x-goog-api-key} header;</li>
 *   <li>{@code baseUrl}: {@code GOOGLE_GEMINI_BASE_URL}, default {@value #DEFAULT_BASE_URL};</li>
 *   <li>{@code batchInlineLimitBytes}: Batch API submissions at least this large go as an uploaded
 *       JSONL file (default 20 MB).</li>
 *   <li>{@code backend}: {@code developer} (default) or {@code vertex}; {@code GOOGLE_GENAI_USE_VERTEXAI=true},
 *       or a {@code project} or {@code location} setting (not the variables) without {@code backend}, also
 *       selects Vertex AI. With Vertex AI: {@code project} ({@code GOOGLE_CLOUD_PROJECT}),
 *       {@code location} ({@code GOOGLE_CLOUD_LOCATION}, a region or {@code global}, default
 *       {@code global}), {@code vertexBaseUrl} ({@code GOOGLE_VERTEX_BASE_URL}, default
 *       {@code https://{location}-aiplatform.googleapis.com}, {@code https://aiplatform.googleapis.com}
 *       for global). Credentials, first found wins: {@code accessToken} (used as is);
 *       {@code credentialsFile} or {@code GOOGLE_APPLICATION_CREDENTIALS} (a service account key or
 *       gcloud user credentials); {@code credentials=metadata} for the metadata server without probing
 *       ({@code metadataUrl}); gcloud's {@code application_default_credentials.json} (under
 *       {@code CLOUDSDK_CONFIG}, else {@code ~/.config/gcloud}); else, when none of these is configured,
 *       the metadata server if a short probe finds one ({@code GCE_METADATA_HOST}, else
 *       {@code 169.254.169.254} and {@code metadata.google.internal}; {@code NO_GCE_CHECK=true} skips it).
 *       {@code accessToken} may also come from {@code GOOGLE_OAUTH_ACCESS_TOKEN}
 *       or a file named by {@code accessTokenFile} (read again once after a 401, in case another process
 *       replaced the token). {@code tokenUrl} replaces the token endpoint. The project, first found wins:
 *       {@code project}; {@code GOOGLE_CLOUD_PROJECT}; without either, an API key ({@code apiKey} or
 *       {@code GOOGLE_API_KEY}) selects Vertex AI express mode instead; else the credentials' project (a
 *       service account key's {@code project_id}, the metadata server's); else gcloud's
 *       ({@code CLOUDSDK_CORE_PROJECT}, else {@code project} under {@code [core]} in the active
 *       configuration, {@code configurations/config_<name>} in gcloud's directory, the name from
 *       {@code CLOUDSDK_ACTIVE_CONFIG_NAME} or the file {@code active_config}, else {@code default}).
 *       Batch jobs are refused on Vertex AI;</li>
 *   <li>{@code maxConversationBytes}: a turn continuing a conversation whose body would be larger
 *       (earlier images and thought signatures, base64) is refused before it is sent (default
 *       {@value #DEFAULT_MAX_CONVERSATION_BYTES}, the API's 100 MB inline payload limit).</li>
 * </ul>
 * Options: {@link GeminiOptions}.
 */
public final class GeminiProvider implements ImageProvider {
  /** This provider's id. */
  public static final String ID = "gemini";
  /** Google's production endpoint. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

  /** Default for the {@code maxConversationBytes} setting: Google's inline payload limit, 100 MB. */
  public static final long DEFAULT_MAX_CONVERSATION_BYTES = 100_000_000L;

  private static final String KEY_HINT = "create a key at https://aistudio.google.com/apikey";

  private final MetadataServer.Probe metadataProbe;

  /** The provider {@link java.util.ServiceLoader} creates: it probes for a metadata server at most once per address and process. */
  public GeminiProvider() {
    this(MetadataServer.PROCESS);
  }

  /** A provider that asks {@code metadataProbe} whether a metadata server answers (tests: no network). */
  GeminiProvider(MetadataServer.Probe metadataProbe) {
    this.metadataProbe = metadataProbe;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Google Gemini API";
  }

  @Override
  public List<String> optionNames() {
    return GeminiOptions.NAMES;
  }

  /** The names job files used before options had their own names. */
  @Override
  public Map<String, String> optionAliases() {
    return Map.of("thinking", "thinkingLevel", "thoughts", "includeThoughts", "search", "googleSearch",
        "safety", "safetySettings");
  }

  @Override
  public ProviderOptions readOptions(Map<String, ?> values) {
    return GeminiOptions.read(values);
  }

  @Override
  public void checkRequest(ImageRequest request, Consumer<String> warnings) {
    if (request.seed().isPresent()) {
      long seed = request.seed().get();
      if (seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE) {
        throw new InvalidRequestException("seed " + Long.toUnsignedString(seed) + " is out of range for "
            + request.model().id() + "; Gemini seeds are 32-bit: " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE,
            "seed", List.of(Integer.MIN_VALUE + ".." + Integer.MAX_VALUE));
      }
    }
  }

  /** Upper bounds of the thinking tokens one call bills, by level; the model's default is its highest. */
  static final long THINKING_TOKENS_HIGH = 1024;
  static final long THINKING_TOKENS_LOW = 512;
  /** Extra thinking a Google Search grounding adds (observed: about 530 tokens where 175 without). */
  static final long SEARCH_THINKING_TOKENS = 512;
  /** The model's own text beside the image ("Here is…"), unless images only are asked for. */
  static final long TEXT_TOKENS = 128;

  /**
   * Thinking and text tokens, billed at the text-output rate, for models that think: an upper bound
   * by thinking level (the model's default level counts as its highest), more with Google Search,
   * plus a short text unless images only are asked for. Models that do not think: 0.
   */
  @Override
  public long estimatedTextTokens(ImageRequest request) {
    if (!request.model().supportsThinking()) {
      return 0;
    }
    GeminiOptions o = GeminiOptions.of(request);
    ThinkingLevel level = o.thinkingLevel().orElse(ThinkingLevel.HIGH);
    return (level == ThinkingLevel.HIGH || level == ThinkingLevel.MEDIUM ? THINKING_TOKENS_HIGH : THINKING_TOKENS_LOW)
        + (o.googleSearch() ? SEARCH_THINKING_TOKENS : 0) + (o.imageOnly() ? 0 : TEXT_TOKENS);
  }

  /** The model decides how long it thinks and how much it writes: estimates are upper bounds. */
  @Override
  public boolean estimateIsUpperBound(ImageRequest request) {
    return estimatedTextTokens(request) > 0;
  }

  @Override
  public int extraPromptCharacters(ImageRequest request) {
    return GeminiOptions.of(request).systemPrompt().map(String::length).orElse(0);
  }

  /**
   * Yes: earlier turns go as {@code contents} with roles {@code user} and {@code model}, each model
   * part with its {@code thoughtSignature} unchanged (Gemini 3 image models need them).
   */
  @Override
  public boolean continuesConversations() {
    return true;
  }

  @Override
  public ProviderClient open(ProviderContext context) {
    GeminiBackend backend;
    if (VertexSettings.selected(context)) {
      backend = VertexSettings.backend(context, java.time.Clock.systemUTC(), metadataProbe);
    } else {
      backend = GeminiBackend.developer(context.url("baseUrl", DEFAULT_BASE_URL, "GOOGLE_GEMINI_BASE_URL"),
          context.requireSecret("apiKey", KEY_HINT, "GEMINI_API_KEY", "GOOGLE_API_KEY"));
    }
    long maxConversation = context.setting("maxConversationBytes").map(v -> {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("gemini.maxConversationBytes '" + v + "' is not a number of bytes",
            "gemini.maxConversationBytes", List.of());
      }
    }).orElse(DEFAULT_MAX_CONVERSATION_BYTES);
    return new GeminiClient(context.http(), backend, context.redactor(), context.scheduler(),
        context.userAgent(), maxConversation);
  }

  /**
   * The Developer API's model list ({@code GET /v1beta/models}, every page), reduced to the image models.
   * Vertex AI lists its publisher models elsewhere: with Vertex AI selected, empty.
   *
   * @throws InvalidRequestException when no API key is configured
   */
  @Override
  public Optional<List<String>> liveModels(ProviderContext context) {
    if (VertexSettings.selected(context)) {
      return Optional.empty();
    }
    String key = context.requireSecret("apiKey", KEY_HINT, "GEMINI_API_KEY", "GOOGLE_API_KEY");
    String baseUrl = context.url("baseUrl", DEFAULT_BASE_URL, "GOOGLE_GEMINI_BASE_URL");
    return Optional.of(GeminiModelList.read(context.http(), baseUrl, key, context.timeout(), context.redactor(),
        context.userAgent()));
  }

  /**
   * The Developer API's Batch API. With Vertex AI selected, refused: Vertex batch prediction reads and
   * writes Cloud Storage or BigQuery, which Darkroom does not manage.
   *
   * @throws InvalidRequestException with {@code gemini.backend=vertex}, naming the alternatives
   */
  @Override
  public Optional<BatchBackend> openBatch(ProviderContext context, BatchBackend.Settings settings) {
    if (VertexSettings.selected(context)) {
      throw new InvalidRequestException("batch jobs are not supported on Vertex AI (its batch prediction works"
          + " through Cloud Storage or BigQuery, which Darkroom does not manage): run the jobs as direct calls"
          + " (darkroom batch --via direct, the default; in the library, BatchRunner with via BatchRunner.VIA_DIRECT,"
          + " or Darkroom.generate for each job), or submit the batch"
          + " to the Developer API with gemini.backend=developer and a Gemini API key", "gemini.backend",
          List.of("developer"));
    }
    GeminiBatchClient.Builder b = GeminiBatchClient.builder()
        .apiKey(context.requireSecret("apiKey", KEY_HINT, "GEMINI_API_KEY", "GOOGLE_API_KEY"))
        .baseUrl(context.url("baseUrl", DEFAULT_BASE_URL, "GOOGLE_GEMINI_BASE_URL"))
        .timeout(context.timeout())
        .sleeper(context.sleeper())
        .maxInputSide(context.maxInputSide())
        .pollInterval(settings.pollInitial(), settings.pollMax());
    context.setting("batchInlineLimitBytes").ifPresent(v -> {
      try {
        b.inlineLimitBytes(Long.parseLong(v));
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("gemini.batchInlineLimitBytes '" + v + "' is not a number of bytes",
            "gemini.batchInlineLimitBytes", List.of());
      }
    });
    return Optional.of(new GeminiBatchBackend(b.build()));
  }

  /** Gemini's batch names, {@code batches/…}, were journaled without a provider prefix. */
  @Override
  public boolean claimsBatchName(String name) {
    return name.startsWith("batches/");
  }
}
