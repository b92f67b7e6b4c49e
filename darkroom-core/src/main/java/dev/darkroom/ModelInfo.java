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
      Pricing pricing) {
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
  }

  /** The provider's model id, e.g. {@code gemini-3-pro-image}. */
  public String id() {
    return id;
  }

  /** The provider that serves it, e.g. {@code gemini}. */
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

  /** Accepted output sizes, smallest first. */
  public List<ImageSizeOption> imageSizes() {
    return imageSizes;
  }

  /** Names of {@link #imageSizes()}, e.g. {@code [1K, 2K, 4K]}. */
  public List<String> imageSizeNames() {
    return imageSizes.stream().map(ImageSizeOption::name).toList();
  }

  /** The size used when a request names none. */
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

  /** Output tokens billed per image at this size, or 0 when the size is unknown. */
  public int imageTokens(String imageSize) {
    return imageSize(imageSize).map(ImageSizeOption::imageTokens).orElse(0);
  }

  /**
   * A warning to show before using this model, or empty for a current model. Deprecated models name
   * their shutdown date (or say none is announced) and their replacement.
   */
  public Optional<String> lifecycleWarning(LocalDate today) {
    if (status == ModelStatus.DEPRECATED) {
      String when =
          shutdown == null
              ? "no shutdown date is announced yet"
              : (shutdown.isAfter(today) ? "it shuts down on " : "it was scheduled to shut down on ")
                  + shutdown;
      return Optional.of(
          "model " + id + " (" + name + ") is deprecated: " + when + replacementHint());
    }
    if (status == ModelStatus.PREVIEW) {
      return Optional.of("model " + id + " is a preview and may change or disappear at short notice");
    }
    return Optional.empty();
  }

  String replacementHint() {
    return replacement == null ? "" : "; use " + replacement + " instead";
  }

  @Override
  public String toString() {
    return "ModelInfo{" + id + ", " + name + ", " + status + "}";
  }
}
