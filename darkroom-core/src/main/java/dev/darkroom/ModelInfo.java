package dev.darkroom;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything Darkroom knows about one model: what it accepts, what it costs, and how long it will
 * live. Instances come from a {@link ModelCatalog}; behaviour follows these fields, never the id.
 */
public final class ModelInfo {
  /**
   * The environment variable that lets models past their shutdown date be sent: {@code true} (or
   * {@code *}) for all, or a comma-separated list of model ids.
   */
  public static final String ALLOW_SHUTDOWN_ENV = "DARKROOM_ALLOW_SHUTDOWN_MODELS";

  private final String id;
  private final String provider;
  private final String name;
  private final String tier;
  private final ModelStatus status;
  private final @Nullable LocalDate released;
  private final @Nullable LocalDate deprecated;
  private final @Nullable LocalDate shutdown;
  private final @Nullable String replacement;
  private final List<String> aspectRatios;
  private final Map<String, int[]> pixels1K;
  private final List<ImageSizeOption> imageSizes;
  private final String defaultImageSize;
  private final boolean imageSizeParameter;
  private final int maxInputImages;
  private final boolean systemPrompt;
  private final List<ThinkingLevel> thinkingLevels;
  private final boolean search;
  private final String outputMimeType;
  private final Pricing pricing;
  private final ModelOptions options;
  private final com.fasterxml.jackson.databind.JsonNode entry;

  ModelInfo(
      String id,
      String provider,
      String name,
      String tier,
      ModelStatus status,
      @Nullable LocalDate released,
      @Nullable LocalDate deprecated,
      @Nullable LocalDate shutdown,
      @Nullable String replacement,
      List<String> aspectRatios,
      Map<String, int[]> pixels1K,
      List<ImageSizeOption> imageSizes,
      String defaultImageSize,
      boolean imageSizeParameter,
      int maxInputImages,
      boolean systemPrompt,
      List<ThinkingLevel> thinkingLevels,
      boolean search,
      String outputMimeType,
      Pricing pricing,
      ModelOptions options,
      com.fasterxml.jackson.databind.JsonNode entry) {
    this.id = id;
    this.provider = provider;
    this.name = name;
    this.tier = tier;
    this.status = status;
    this.released = released;
    this.deprecated = deprecated;
    this.shutdown = shutdown;
    this.replacement = replacement;
    this.aspectRatios = List.copyOf(aspectRatios);
    this.pixels1K = Map.copyOf(pixels1K);
    this.imageSizes = List.copyOf(imageSizes);
    this.defaultImageSize = defaultImageSize;
    this.imageSizeParameter = imageSizeParameter;
    this.maxInputImages = maxInputImages;
    this.systemPrompt = systemPrompt;
    this.thinkingLevels = List.copyOf(thinkingLevels);
    this.search = search;
    this.outputMimeType = outputMimeType;
    this.pricing = pricing;
    this.options = options;
    this.entry = entry;
  }

  /** The provider's model id, e.g. {@code gemini-3-pro-image}. */
  /**
   * A model described by one model-table entry in {@code models.json} format: for providers whose
   * models are found at run time (e.g. a local engine's checkpoints).
   *
   * @throws InvalidRequestException naming the bad field
   */
  public static ModelInfo fromTableEntry(com.fasterxml.jackson.databind.JsonNode entry, String source) {
    return ModelCatalog.entry(entry, source);
  }

  /**
   * A field of this model's table entry, for the provider's own capabilities that Darkroom itself
   * does not read (a provider documents the fields it reads). The node is a copy.
   */
  public Optional<com.fasterxml.jackson.databind.JsonNode> property(String name) {
    com.fasterxml.jackson.databind.JsonNode n = entry.get(name);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.deepCopy());
  }

  public String id() {
    return id;
  }

  /** The id of the provider that serves it, e.g. {@code gemini}; see {@link dev.darkroom.spi.Providers}. */
  public String provider() {
    return provider;
  }

  /** The marketing name, e.g. {@code Nano Banana Pro}. */
  public String name() {
    return name;
  }

  /** The price/quality tier: {@code lite}, {@code flash} or {@code pro}. */
  public String tier() {
    return tier;
  }

  public ModelStatus status() {
    return status;
  }

  public Optional<LocalDate> released() {
    return Optional.ofNullable(released);
  }

  public Optional<LocalDate> deprecated() {
    return Optional.ofNullable(deprecated);
  }

  /** The announced shutdown date, when one is known. */
  public Optional<LocalDate> shutdown() {
    return Optional.ofNullable(shutdown);
  }

  /** The model the provider recommends instead, for deprecated and shut-down models. */
  public Optional<String> replacement() {
    return Optional.ofNullable(replacement);
  }

  /** Accepted aspect ratios such as {@code 16:9}, in the provider's order. */
  public List<String> aspectRatios() {
    return aspectRatios;
  }

  /**
   * Accepted output sizes as tier names ({@code 1K}, {@code 2K} …), smallest first; empty for models
   * that take pixel sizes ({@link #sizes()}).
   */
  public List<ImageSizeOption> imageSizes() {
    return imageSizes;
  }

  /** Names of {@link #imageSizes()}, e.g. {@code [1K, 2K, 4K]}. */
  public List<String> imageSizeNames() {
    return imageSizes.stream().map(ImageSizeOption::name).toList();
  }

  /** The size used when a request names none: a tier name, or {@code auto} / a pixel size. */
  public String defaultImageSize() {
    return defaultImageSize;
  }

  /** Whether the size is sent on the wire; false for fixed-size models, which reject the field. */
  public boolean imageSizeParameter() {
    return imageSizeParameter;
  }

  /** The size option with this wire name, if the model offers it. */
  public Optional<ImageSizeOption> imageSize(String name) {
    return imageSizes.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * Expected output pixels for an aspect ratio and size: the model's 1K table scaled by the size.
   *
   * @return {@code [width, height]}, or empty when either value is not offered
   */
  public Optional<int[]> pixelSize(String aspectRatio, String imageSize) {
    int[] base = pixels1K.get(aspectRatio);
    Optional<ImageSizeOption> size = imageSize(imageSize);
    if (base == null || size.isEmpty()) {
      return Optional.empty();
    }
    double scale = size.get().scale();
    return Optional.of(new int[] {(int) Math.round(base[0] * scale), (int) Math.round(base[1] * scale)});
  }

  /** The most reference images one request may carry. */
  public int maxInputImages() {
    return maxInputImages;
  }

  public boolean supportsSystemPrompt() {
    return systemPrompt;
  }

  /** Thinking levels the model accepts; empty when it does not expose thinking. */
  public List<ThinkingLevel> thinkingLevels() {
    return thinkingLevels;
  }

  public boolean supportsThinking() {
    return !thinkingLevels.isEmpty();
  }

  /** Whether Google Search grounding may be enabled. */
  public boolean supportsSearch() {
    return search;
  }

  /** The MIME type of generated images, e.g. {@code image/png}. */
  public String outputMimeType() {
    return outputMimeType;
  }

  public Pricing pricing() {
    return pricing;
  }

  /**
   * Whether the provider's batch API takes this model: the model table gives it a batch discount
   * ({@code pricing.batchDiscount} above 0). Models without one are refused by batch submissions
   * before anything is sent.
   */
  public boolean supportsBatch() {
    return pricing.batchDiscount().signum() > 0;
  }

  /** Output tokens billed per image at this size, or 0 when the size is unknown. */
  public int imageTokens(String imageSize) {
    return imageSize(imageSize).map(ImageSizeOption::imageTokens).orElse(0);
  }

  /**
   * Preset pixel sizes such as {@code 1024x1024} for models that take pixel sizes rather than an
   * aspect ratio and a size tier; empty for the others.
   */
  public List<String> sizes() {
    return options.sizes();
  }

  /** The rules for custom {@code WxH} sizes, when the model accepts sizes beyond its presets. */
  public Optional<SizeRules> customSizes() {
    return Optional.ofNullable(options.customSizes());
  }

  /** Whether requests give a pixel size ({@code WxH} or {@code auto}) instead of aspect ratio and size tier. */
  public boolean usesPixelSizes() {
    return !options.sizes().isEmpty() || options.customSizes() != null;
  }

  /** Whether {@code size} ({@code auto}, a preset or an allowed custom {@code WxH}) is accepted. */
  public boolean acceptsSize(String size) {
    return sizeViolation(size).isEmpty();
  }

  /** Why {@code size} is not accepted, or empty when it is. */
  Optional<String> sizeViolation(String size) {
    if (size.equals("auto") || options.sizes().contains(size)) {
      return Optional.empty();
    }
    int[] wh = parseSize(size);
    if (wh == null) {
      return Optional.of("it is not auto or WIDTHxHEIGHT");
    }
    if (options.customSizes() == null) {
      return Optional.of("this model only takes its preset sizes");
    }
    return options.customSizes().violation(wh[0], wh[1]);
  }

  /** {@code [width, height]} of a {@code WxH} text, or null. */
  static int @Nullable [] parseSize(String size) {
    int x = size.indexOf('x');
    if (x <= 0 || x == size.length() - 1) {
      return null;
    }
    try {
      return new int[] {Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1))};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Allowed size values for messages: {@code auto}, the presets, and the custom-size rules. */
  public String sizeChoices() {
    StringBuilder b = new StringBuilder("auto");
    options.sizes().forEach(s -> b.append(", ").append(s));
    if (options.customSizes() != null) {
      b.append(", or ").append(options.customSizes().describe());
    }
    return b.toString();
  }

  /** Rendering qualities such as {@code low}, {@code medium}, {@code high}, {@code auto}; empty when there is no choice. */
  public List<String> qualities() {
    return options.qualities();
  }

  /** Background choices such as {@code transparent}, {@code opaque}, {@code auto}; empty when there is no choice. */
  public List<String> backgrounds() {
    return options.backgrounds();
  }

  /** Formats the provider can encode, such as {@code png}, {@code jpeg}, {@code webp}; empty when it picks one. */
  public List<String> outputFormats() {
    return options.outputFormats();
  }

  /** Whether a compression level (0-100) may be asked for JPEG and WebP output. */
  public boolean supportsOutputCompression() {
    return options.outputCompression();
  }

  /** Moderation levels such as {@code low}, {@code auto}; empty when there is no choice. */
  public List<String> moderationLevels() {
    return options.moderation();
  }

  /** Whether a safety identifier (a hashed end-user id) may be sent. */
  public boolean supportsSafetyIdentifier() {
    return options.safetyIdentifier();
  }

  /** Whether an edit may carry a mask (a PNG with alpha, the size of the first image). */
  public boolean supportsMask() {
    return options.mask();
  }

  /** The most partial images one call may stream; 0 when the model does not stream partials. */
  public int maxPartialImages() {
    return options.maxPartialImages();
  }

  /** The most images one provider call returns; requests for more are split into several calls. */
  public int maxImagesPerCall() {
    return options.maxImagesPerCall();
  }

  /** Whether temperature and seed may be set. */
  public boolean supportsSampling() {
    return options.sampling();
  }

  /** Whether per-category safety settings may be set. */
  public boolean supportsSafetySettings() {
    return options.safetySettings();
  }

  /** Whether the model can answer with text next to its images. */
  public boolean supportsTextOutput() {
    return options.textOutput();
  }

  /**
   * Estimated output tokens for one image, for cost estimates before a call (bills use the reported
   * usage). Pixel-size models use the table's per-quality token table or token formula; {@code auto}
   * quality is estimated as {@code medium} and {@code auto} size as the first preset.
   *
   * @param size a size tier ({@code 2K}) or a pixel size ({@code 1536x1024}, {@code auto})
   * @param quality a quality, or null / {@code auto}
   */
  public int estimatedImageTokens(String size, @Nullable String quality) {
    if (!usesPixelSizes()) {
      return imageTokens(size);
    }
    String q = quality == null || quality.equals("auto") ? "medium" : quality;
    String s = size.equals("auto") ? (options.sizes().isEmpty() ? "1024x1024" : options.sizes().get(0)) : size;
    Map<String, Integer> bySize = options.outputTokenTable().get(q);
    if (bySize != null && bySize.containsKey(s)) {
      return bySize.get(s);
    }
    Integer f = options.outputTokenFactors().get(q);
    int[] wh = parseSize(s);
    if (f == null || wh == null) {
      return 0;
    }
    // The community's reading of OpenAI's calculator for gpt-image-2 (see the model table's sources).
    long w = wh[0];
    long h = wh[1];
    long longEdge = Math.max(w, h);
    long shortEdge = Math.min(w, h);
    long scaled = (2L * f * shortEdge + longEdge) / (2 * longEdge);
    return (int) Math.ceil(f * scaled * (2_000_000.0 + w * h) / 4_000_000.0);
  }

  /**
   * A warning to show before using this model, or empty for a current model. Deprecated models name
   * their shutdown date (or say none is announced) and their replacement; models whose access is
   * restricted ({@link #availability()}) say so; a model used past its shutdown date because the user
   * allowed it says that too.
   */
  public Optional<String> lifecycleWarning(LocalDate today) {
    if (status == ModelStatus.DEPRECATED) {
      String when =
          shutdown == null
              ? "no shutdown date is announced yet"
              : (shutdown.isAfter(today) ? "it shuts down on " : "it was scheduled to shut down on ")
                  + shutdown + (shutdown.isAfter(today) ? "" : "; sent anyway because the shutdown date is overridden");
      return Optional.of(
          "model " + id + " (" + name + ") is deprecated: " + when + replacementHint());
    }
    if (status == ModelStatus.PREVIEW) {
      return Optional.of("model " + id + " is a preview and may change or disappear at short notice");
    }
    if (availability().isPresent()) {
      return Optional.of("model " + id + " (" + name + ") is " + availability().get()
          + (replacement == null ? "" : "; new projects should use " + replacement));
    }
    return Optional.empty();
  }

  /**
   * A restriction on who may use the model, e.g. {@code limited to existing users} (table field
   * {@code availability}); empty when anyone may.
   */
  public Optional<String> availability() {
    return property("availability").map(com.fasterxml.jackson.databind.JsonNode::asText).filter(s -> !s.isBlank());
  }

  /**
   * Where a lifecycle fact comes from (table field {@code lifecycleSources}, keyed by
   * {@code released}, {@code deprecated}, {@code shutdown} or {@code availability}), e.g.
   * {@code [official] Gemini API changelog 2026-10-06}.
   */
  public Optional<String> lifecycleSource(String field) {
    return property("lifecycleSources").map(n -> n.path(field).asText("")).filter(s -> !s.isBlank());
  }

  /**
   * The status on {@code today}: {@link ModelStatus#SHUTDOWN} once the shutdown date has come, unless
   * the table entry sets {@code ignoreShutdownDate}; otherwise {@link #status()}.
   */
  public ModelStatus statusOn(LocalDate today) {
    return pastShutdownDate(today) ? ModelStatus.SHUTDOWN : status;
  }

  private boolean pastShutdownDate(LocalDate today) {
    return status != ModelStatus.SHUTDOWN && shutdown != null && !today.isBefore(shutdown)
        && !property("ignoreShutdownDate").map(com.fasterxml.jackson.databind.JsonNode::asBoolean).orElse(false);
  }

  /**
   * Refuses, before anything is sent, a model whose shutdown date has come. Dates move (Google withdrew
   * a listed shutdown in 2026), so the refusal can be overridden: {@code allowed} says whether the user
   * did (environment variable {@value #ALLOW_SHUTDOWN_ENV}), and a table entry with
   * {@code "ignoreShutdownDate": true} is never refused by date.
   *
   * @throws InvalidRequestException naming the date, its source, the replacement and both overrides
   */
  public void requireServedOn(LocalDate today, boolean allowed) {
    if (!allowed && pastShutdownDate(today)) {
      throw new InvalidRequestException("model " + id + " (" + name + ") reached its shutdown date " + shutdown
          + lifecycleSource("shutdown").map(s -> " (" + s + ")").orElse("") + " and is treated as shut down"
          + replacementHint() + ". If the provider still serves it, set " + ALLOW_SHUTDOWN_ENV + "=" + id
          + " (or =true for every model), or add {\"id\": \"" + id + "\", \"ignoreShutdownDate\": true}"
          + " to your model table file (DARKROOM_MODELS or --models-file)", "model",
          replacement == null ? List.of() : List.of(replacement));
    }
  }

  /** Whether {@code value} (of {@value #ALLOW_SHUTDOWN_ENV}) allows {@code modelId} past its shutdown date. */
  public static boolean shutdownAllowed(@Nullable String value, String modelId) {
    if (value == null || value.isBlank()) {
      return false;
    }
    for (String v : value.split(",")) {
      String t = v.trim();
      if (t.equalsIgnoreCase("true") || t.equals("*") || t.equals(modelId)) {
        return true;
      }
    }
    return false;
  }

  String replacementHint() {
    return replacement == null ? "" : "; use " + replacement + " instead";
  }

  @Override
  public String toString() {
    return "ModelInfo{" + id + ", " + name + ", " + status + "}";
  }
}
