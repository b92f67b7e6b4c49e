package dev.darkroom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One image-generation request: an immutable value, validated against the model's capabilities when
 * it is built. An invalid request never reaches the network.
 *
 * <pre>{@code
 * ImageRequest request = ImageRequest.builder()
 *     .model("gemini-3-pro-image")
 *     .prompt("A red fox in fresh snow, golden hour")
 *     .aspectRatio("16:9")
 *     .imageSize("4K")
 *     .build();
 * }</pre>
 *
 * <p>Defaults: the catalog's default model, the model's default size, no aspect ratio (the model
 * chooses, usually following the first reference image), one image, text and image output.
 */
public final class ImageRequest {
  private final ModelInfo model;
  private final String prompt;
  private final List<ImageInput> images;
  private final @Nullable String aspectRatio;
  private final @Nullable String imageSize;
  private final @Nullable String systemPrompt;
  private final @Nullable Double temperature;
  private final @Nullable Integer seed;
  private final int count;
  private final @Nullable ThinkingLevel thinkingLevel;
  private final boolean includeThoughts;
  private final boolean googleSearch;
  private final List<SafetySetting> safetySettings;
  private final boolean imageOnly;
  private final @Nullable Grid grid;

  private ImageRequest(Builder b, ModelInfo model) {
    this.model = model;
    this.prompt = b.prompt == null ? "" : b.prompt.strip();
    this.images = List.copyOf(b.images);
    this.aspectRatio = b.aspectRatio;
    this.imageSize = b.imageSize;
    this.systemPrompt = b.systemPrompt;
    this.temperature = b.temperature;
    this.seed = b.seed;
    this.count = b.count;
    this.thinkingLevel = b.thinkingLevel;
    this.includeThoughts = b.includeThoughts;
    this.googleSearch = b.googleSearch;
    this.safetySettings = List.copyOf(b.safetySettings);
    this.imageOnly = b.imageOnly;
    this.grid = b.grid;
  }

  /** A builder using the built-in model table. */
  public static Builder builder() {
    return new Builder(ModelCatalog.builtIn());
  }

  /** A builder validating against {@code catalog} and defaulting to its default model. */
  public static Builder builder(ModelCatalog catalog) {
    return new Builder(catalog);
  }

  /** A builder initialised with this request's values, for variants. */
  public Builder newBuilder() {
    return newBuilder(ModelCatalog.builtIn());
  }

  /** Like {@link #newBuilder()}, validating against {@code catalog}. */
  public Builder newBuilder(ModelCatalog catalog) {
    Builder b = new Builder(catalog);
    b.model = model.id();
    b.prompt = prompt;
    b.images.addAll(images);
    b.aspectRatio = aspectRatio;
    b.imageSize = imageSize;
    b.systemPrompt = systemPrompt;
    b.temperature = temperature;
    b.seed = seed;
    b.count = count;
    b.thinkingLevel = thinkingLevel;
    b.includeThoughts = includeThoughts;
    b.googleSearch = googleSearch;
    b.safetySettings.addAll(safetySettings);
    b.imageOnly = imageOnly;
    b.grid = grid;
    return b;
  }

  public ModelInfo model() {
    return model;
  }

  /** The prompt with surrounding whitespace stripped; may be empty when images are given. */
  public String prompt() {
    return prompt;
  }

  /** Reference images, in the order they are sent (before the prompt). */
  public List<ImageInput> images() {
    return images;
  }

  public Optional<String> aspectRatio() {
    return Optional.ofNullable(aspectRatio);
  }

  /** The requested size; empty means the model's default ({@link #effectiveImageSize()}). */
  public Optional<String> imageSize() {
    return Optional.ofNullable(imageSize);
  }

  /** The size that will be produced: the requested one or the model's default. */
  public String effectiveImageSize() {
    return imageSize != null ? imageSize : model.defaultImageSize();
  }

  public Optional<String> systemPrompt() {
    return Optional.ofNullable(systemPrompt);
  }

  public Optional<Double> temperature() {
    return Optional.ofNullable(temperature);
  }

  public Optional<Integer> seed() {
    return Optional.ofNullable(seed);
  }

  /** How many images to generate; providers returning one image per call get this many calls. */
  public int count() {
    return count;
  }

  public Optional<ThinkingLevel> thinkingLevel() {
    return Optional.ofNullable(thinkingLevel);
  }

  /** Whether thought text and interim thought images are returned. */
  public boolean includeThoughts() {
    return includeThoughts;
  }

  /** Whether Google Search grounding is enabled. */
  public boolean googleSearch() {
    return googleSearch;
  }

  public List<SafetySetting> safetySettings() {
    return safetySettings;
  }

  /** Whether only images are requested (no accompanying text); faster on some models. */
  public boolean imageOnly() {
    return imageOnly;
  }

  /** The grid each returned image is sliced into, if any. */
  public Optional<Grid> grid() {
    return Optional.ofNullable(grid);
  }

  @Override
  public String toString() {
    return "ImageRequest{model=" + model.id() + ", prompt=" + abbreviate(prompt) + ", images=" + images.size()
        + ", aspectRatio=" + aspectRatio + ", imageSize=" + effectiveImageSize() + ", count=" + count + "}";
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? '"' + s + '"' : '"' + s.substring(0, 57) + "...\"";
  }

  /** Builds {@link ImageRequest}s. Not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private final ModelCatalog catalog;
    private @Nullable String model;
    private @Nullable String prompt;
    private final List<ImageInput> images = new ArrayList<>();
    private @Nullable String aspectRatio;
    private @Nullable String imageSize;
    private @Nullable String systemPrompt;
    private @Nullable Double temperature;
    private @Nullable Integer seed;
    private int count = 1;
    private @Nullable ThinkingLevel thinkingLevel;
    private boolean includeThoughts;
    private boolean googleSearch;
    private final List<SafetySetting> safetySettings = new ArrayList<>();
    private boolean imageOnly;
    private @Nullable Grid grid;

    Builder(ModelCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The model id; defaults to the catalog's default model. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    public Builder prompt(@Nullable String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** Adds a reference image; may be called repeatedly, up to the model's limit. */
    public Builder addImage(ImageInput image) {
      images.add(Objects.requireNonNull(image, "image"));
      return this;
    }

    /** Replaces all reference images. */
    public Builder images(List<ImageInput> images) {
      this.images.clear();
      images.forEach(this::addImage);
      return this;
    }

    /** An aspect ratio such as {@code 16:9}; null lets the model choose. */
    public Builder aspectRatio(@Nullable String aspectRatio) {
      this.aspectRatio = aspectRatio;
      return this;
    }

    /** An output size such as {@code 512}, {@code 1K}, {@code 2K} or {@code 4K}; case matters to the API, so {@code 2k} is accepted and normalised. */
    public Builder imageSize(@Nullable String imageSize) {
      this.imageSize = imageSize;
      return this;
    }

    public Builder systemPrompt(@Nullable String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    /** Sampling temperature, 0.0 to 2.0; null uses the provider's default (1.0). */
    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** A seed for best-effort reproducibility; null lets the provider pick one at random. */
    public Builder seed(@Nullable Integer seed) {
      this.seed = seed;
      return this;
    }

    /** Number of images, 1 to 64; default 1. */
    public Builder count(int count) {
      this.count = count;
      return this;
    }

    public Builder thinkingLevel(@Nullable ThinkingLevel thinkingLevel) {
      this.thinkingLevel = thinkingLevel;
      return this;
    }

    public Builder includeThoughts(boolean includeThoughts) {
      this.includeThoughts = includeThoughts;
      return this;
    }

    public Builder googleSearch(boolean googleSearch) {
      this.googleSearch = googleSearch;
      return this;
    }

    public Builder addSafetySetting(SafetySetting setting) {
      safetySettings.add(Objects.requireNonNull(setting, "setting"));
      return this;
    }

    public Builder imageOnly(boolean imageOnly) {
      this.imageOnly = imageOnly;
      return this;
    }

    public Builder grid(@Nullable Grid grid) {
      this.grid = grid;
      return this;
    }

    /**
     * Validates against the model table and builds.
     *
     * @throws InvalidRequestException naming the bad value and the allowed ones
     */
    public ImageRequest build() {
      ModelInfo info = catalog.require(model != null ? model : catalog.defaultModel());
      String where = " for " + info.id() + " (" + info.name() + ")";
      if ((prompt == null || prompt.isBlank()) && images.isEmpty()) {
        throw new InvalidRequestException("nothing to generate from: give a prompt, reference images, or both");
      }
      if (aspectRatio != null && !info.aspectRatios().contains(aspectRatio)) {
        throw new InvalidRequestException("aspect ratio '" + aspectRatio + "' is not supported" + where
            + "; allowed: " + String.join(", ", info.aspectRatios()));
      }
      if (imageSize != null) {
        String normalised = imageSize.trim().toUpperCase(java.util.Locale.ROOT);
        if (info.imageSize(normalised).isEmpty()) {
          throw new InvalidRequestException("image size '" + imageSize + "' is not supported" + where
              + "; allowed: " + String.join(", ", info.imageSizeNames()));
        }
        imageSize = normalised;
      }
      if (systemPrompt != null && !systemPrompt.isBlank() && !info.supportsSystemPrompt()) {
        throw new InvalidRequestException("a system prompt is not supported" + where
            + "; models with system prompts: " + modelsWhere(m -> m.supportsSystemPrompt()));
      }
      if (thinkingLevel != null && !info.thinkingLevels().contains(thinkingLevel)) {
        throw new InvalidRequestException(info.supportsThinking()
            ? "thinking level '" + thinkingLevel.name().toLowerCase(java.util.Locale.ROOT) + "' is not supported" + where
                + "; allowed: " + info.thinkingLevels().stream().map(l -> l.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "))
            : "thinking is not supported" + where + "; models with thinking: " + modelsWhere(ModelInfo::supportsThinking));
      }
      if (includeThoughts && !info.supportsThinking()) {
        throw new InvalidRequestException("showing thoughts is not supported" + where
            + " (it does not think); models with thinking: " + modelsWhere(ModelInfo::supportsThinking));
      }
      if (googleSearch && !info.supportsSearch()) {
        throw new InvalidRequestException("Google Search grounding is not supported" + where
            + "; models with search: " + modelsWhere(ModelInfo::supportsSearch));
      }
      if (images.size() > info.maxInputImages()) {
        throw new InvalidRequestException(images.size() + " input images is too many" + where
            + "; it accepts at most " + info.maxInputImages());
      }
      if (temperature != null && (temperature.isNaN() || temperature < 0.0 || temperature > 2.0)) {
        throw new InvalidRequestException("temperature " + temperature + " is out of range; allowed: 0.0 to 2.0");
      }
      if (count < 1 || count > 64) {
        throw new InvalidRequestException("image count " + count + " is out of range; allowed: 1 to 64");
      }
      for (ImageInput image : images) {
        image.validate();
      }
      return new ImageRequest(this, info);
    }

    private String modelsWhere(java.util.function.Predicate<ModelInfo> p) {
      return catalog.models().stream()
          .filter(m -> m.status() != ModelStatus.SHUTDOWN && p.test(m))
          .map(ModelInfo::id)
          .collect(Collectors.joining(", "));
    }
  }
}
