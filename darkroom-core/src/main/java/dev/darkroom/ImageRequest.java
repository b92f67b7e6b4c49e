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
  private final @Nullable String size;
  private final @Nullable String quality;
  private final @Nullable String background;
  private final @Nullable String outputFormat;
  private final @Nullable Integer outputCompression;
  private final @Nullable String moderation;
  private final @Nullable String safetyIdentifier;
  private final @Nullable ImageInput mask;
  private final int partialImages;
  private final List<String> warnings;

  private ImageRequest(Builder b, ModelInfo model, List<String> warnings) {
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
    this.size = b.size;
    this.quality = b.quality;
    this.background = b.background;
    this.outputFormat = b.outputFormat;
    this.outputCompression = b.outputCompression;
    this.moderation = b.moderation;
    this.safetyIdentifier = b.safetyIdentifier;
    this.mask = b.mask;
    this.partialImages = b.partialImages;
    this.warnings = List.copyOf(warnings);
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
    b.size = size;
    b.quality = quality;
    b.background = background;
    b.outputFormat = outputFormat;
    b.outputCompression = outputCompression;
    b.moderation = moderation;
    b.safetyIdentifier = safetyIdentifier;
    b.mask = mask;
    b.partialImages = partialImages;
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

  /**
   * The size that will be produced: the requested pixel size or size tier, or the model's default
   * ({@code auto} for models that take pixel sizes).
   */
  public String effectiveImageSize() {
    return size != null ? size : imageSize != null ? imageSize : model.defaultImageSize();
  }

  /**
   * The pixel size ({@code 1536x1024}) or {@code auto}, for models that take pixel sizes; set
   * directly, or mapped from an aspect ratio and size tier at {@link Builder#build()}.
   */
  public Optional<String> size() {
    return Optional.ofNullable(size);
  }

  /** The rendering quality, e.g. {@code high}; empty means the provider's default. */
  public Optional<String> quality() {
    return Optional.ofNullable(quality);
  }

  /** The background, e.g. {@code transparent}; empty means the provider's default. */
  public Optional<String> background() {
    return Optional.ofNullable(background);
  }

  /** The format the provider encodes the image in, e.g. {@code webp}; empty means its default. */
  public Optional<String> outputFormat() {
    return Optional.ofNullable(outputFormat);
  }

  /** JPEG/WebP compression level 0-100 asked of the provider. */
  public Optional<Integer> outputCompression() {
    return Optional.ofNullable(outputCompression);
  }

  /** The moderation level, e.g. {@code low}. */
  public Optional<String> moderation() {
    return Optional.ofNullable(moderation);
  }

  /** A stable hashed id of the end user, sent for abuse monitoring. */
  public Optional<String> safetyIdentifier() {
    return Optional.ofNullable(safetyIdentifier);
  }

  /** The edit mask: a PNG with alpha, the size of the first image; transparent areas are redrawn. */
  public Optional<ImageInput> mask() {
    return Optional.ofNullable(mask);
  }

  /** Partial images streamed per image while it renders (0 = no streaming). */
  public int partialImages() {
    return partialImages;
  }

  /**
   * Adjustments made when the request was built, e.g. an aspect ratio mapped to the closest pixel
   * size. The client reports them through {@link GenerationListener#onWarning} before sending.
   */
  public List<String> warnings() {
    return warnings;
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

  /**
   * How many images to generate. Providers returning one image per call get this many calls; others
   * get as few calls as {@link ModelInfo#maxImagesPerCall()} allows (one per image when streaming).
   */
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
        + ", aspectRatio=" + aspectRatio + ", imageSize=" + effectiveImageSize() + ", count=" + count
        + (quality == null ? "" : ", quality=" + quality) + (mask == null ? "" : ", mask") + "}";
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
    private @Nullable String size;
    private @Nullable String quality;
    private @Nullable String background;
    private @Nullable String outputFormat;
    private @Nullable Integer outputCompression;
    private @Nullable String moderation;
    private @Nullable String safetyIdentifier;
    private @Nullable ImageInput mask;
    private int partialImages;

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
     * A pixel size {@code WIDTHxHEIGHT} or {@code auto}, for models that take pixel sizes (OpenAI);
     * checked against the model's presets and custom-size rules. Null uses the model's default.
     */
    public Builder size(@Nullable String size) {
      this.size = size;
      return this;
    }

    /** {@code low}, {@code medium}, {@code high}, {@code auto} … as the model lists them; null for the default. */
    public Builder quality(@Nullable String quality) {
      this.quality = quality;
      return this;
    }

    /** {@code transparent}, {@code opaque} or {@code auto}, where the model offers a choice. */
    public Builder background(@Nullable String background) {
      this.background = background;
      return this;
    }

    /** The format the provider should encode: {@code png}, {@code jpeg} or {@code webp}, where it offers a choice. */
    public Builder outputFormat(@Nullable String outputFormat) {
      this.outputFormat = outputFormat;
      return this;
    }

    /** Compression 0-100 for JPEG and WebP output, where the provider offers it. */
    public Builder outputCompression(@Nullable Integer outputCompression) {
      this.outputCompression = outputCompression;
      return this;
    }

    /** The moderation level, e.g. {@code low} or {@code auto}, where the model offers a choice. */
    public Builder moderation(@Nullable String moderation) {
      this.moderation = moderation;
      return this;
    }

    /** A stable, hashed id of your end user (never an e-mail address), where the provider takes one. */
    public Builder safetyIdentifier(@Nullable String safetyIdentifier) {
      this.safetyIdentifier = safetyIdentifier;
      return this;
    }

    /** An edit mask: a PNG with an alpha channel, the size of the first reference image. */
    public Builder mask(@Nullable ImageInput mask) {
      this.mask = mask;
      return this;
    }

    /** Partial images to stream per image, 0 (default) to the model's limit. */
    public Builder partialImages(int partialImages) {
      this.partialImages = partialImages;
      return this;
    }

    /**
     * Validates against the model table and builds.
     *
     * @throws InvalidRequestException naming the bad value and the allowed ones
     */
    public ImageRequest build() {
      ModelInfo info = catalog.require(model != null ? model : catalog.defaultModel());
      String where = " for " + info.id() + " (" + info.name() + ", provider " + info.provider() + ")";
      if ((prompt == null || prompt.isBlank()) && images.isEmpty()) {
        throw new InvalidRequestException("nothing to generate from: give a prompt, reference images, or both");
      }
      List<String> warnings = new ArrayList<>();
      if (info.usesPixelSizes()) {
        validatePixelModel(info, where, warnings);
      } else {
        validateTierModel(info, where);
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
      if ((temperature != null || seed != null) && !info.supportsSampling()) {
        throw new InvalidRequestException((temperature != null ? "temperature" : "seed") + " is not supported" + where
            + "; models with temperature and seed: " + modelsWhere(ModelInfo::supportsSampling));
      }
      if (!safetySettings.isEmpty() && !info.supportsSafetySettings()) {
        throw new InvalidRequestException("safety settings are not supported" + where
            + (info.moderationLevels().isEmpty() ? "" : "; it has a moderation level instead: "
                + String.join(", ", info.moderationLevels())));
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
      if (mask != null) {
        MaskCheck.checkAtBuild(mask, images.get(0));
      }
      return new ImageRequest(this, info, warnings);
    }

    /** Gemini-style sizing: aspect ratio and size tier; no pixel-size options. */
    private void validateTierModel(ModelInfo info, String where) {
      unsupported(size != null, "size '" + size + "'", info, "; give an aspect ratio and image size instead");
      unsupported(quality != null, "quality '" + quality + "'", info, "");
      unsupported(background != null, "background '" + background + "'", info, "");
      unsupported(outputFormat != null, "output format '" + outputFormat + "'", info,
          "; convert when saving instead (SaveOptions.format, --format)");
      unsupported(outputCompression != null, "output compression", info, "");
      unsupported(moderation != null, "moderation '" + moderation + "'", info,
          info.supportsSafetySettings() ? "; use safety settings instead" : "");
      unsupported(safetyIdentifier != null, "a safety identifier", info, "");
      unsupported(mask != null, "a mask", info, "; describe the change in the prompt instead");
      unsupported(partialImages != 0, "partial images", info, "");
    }

    /** OpenAI-style sizing: a pixel size; aspect ratio and size tier are mapped onto it. */
    private void validatePixelModel(ModelInfo info, String where, List<String> warnings) {
      if (size != null) {
        size = size.trim().toLowerCase(java.util.Locale.ROOT);
        if (aspectRatio != null || imageSize != null) {
          throw new InvalidRequestException("give either a size or an aspect ratio and image size" + where
              + ", not both");
        }
        java.util.Optional<String> why = info.sizeViolation(size);
        if (why.isPresent()) {
          throw new InvalidRequestException("size '" + size + "' is not supported" + where + ": " + why.get()
              + "; allowed: " + info.sizeChoices());
        }
      } else if (aspectRatio != null || imageSize != null) {
        String mapped = SizeMapping.closest(info, aspectRatio, imageSize);
        warnings.add(info.id() + " takes pixel sizes, not an aspect ratio and image size: "
            + (aspectRatio == null ? "1:1" : aspectRatio) + " at " + (imageSize == null ? "1K" : imageSize)
            + " was mapped to " + mapped + ", the closest size it accepts");
        size = mapped;
        aspectRatio = null;
        imageSize = null;
      }
      quality = choice("quality", quality, info.qualities(), info, where);
      background = choice("background", background, info.backgrounds(), info, where);
      outputFormat = outputFormat == null ? null
          : choice("output format", outputFormat.trim().toLowerCase(java.util.Locale.ROOT).replace("jpg", "jpeg"),
              info.outputFormats(), info, where);
      moderation = choice("moderation", moderation, info.moderationLevels(), info, where);
      String format = outputFormat == null ? (info.outputFormats().isEmpty() ? "png" : info.outputFormats().get(0))
          : outputFormat;
      if ("transparent".equals(background) && !format.equals("png") && !format.equals("webp")) {
        throw new InvalidRequestException("a transparent background needs png or webp output, not " + format + where);
      }
      if (outputCompression != null) {
        unsupported(!info.supportsOutputCompression(), "output compression", info, "");
        if (outputCompression < 0 || outputCompression > 100) {
          throw new InvalidRequestException("output compression " + outputCompression + " is out of range; allowed: 0 to 100");
        }
        if (!format.equals("jpeg") && !format.equals("webp")) {
          throw new InvalidRequestException("output compression applies to jpeg and webp output only, not " + format
              + "; choose the output format jpeg or webp");
        }
      }
      if (safetyIdentifier != null) {
        unsupported(!info.supportsSafetyIdentifier(), "a safety identifier", info, "");
        if (safetyIdentifier.isBlank() || safetyIdentifier.length() > 64) {
          throw new InvalidRequestException("the safety identifier must be 1 to 64 characters (hash the user id)");
        }
      }
      if (mask != null) {
        unsupported(!info.supportsMask(), "a mask", info, "");
        if (images.isEmpty()) {
          throw new InvalidRequestException("a mask needs an image to edit: add a reference image (the mask applies to the first)");
        }
      }
      if (partialImages != 0) {
        unsupported(info.maxPartialImages() == 0, "partial images", info, "");
        if (partialImages < 0 || partialImages > info.maxPartialImages()) {
          throw new InvalidRequestException("partial images " + partialImages + " is out of range" + where
              + "; allowed: 0 to " + info.maxPartialImages());
        }
      }
    }

    private static @Nullable String choice(String what, @Nullable String value, List<String> allowed, ModelInfo info,
        String where) {
      if (value == null) {
        return null;
      }
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      unsupported(allowed.isEmpty(), what + " '" + value + "'", info, "");
      if (!allowed.contains(v)) {
        throw new InvalidRequestException(what + " '" + value + "' is not supported" + where + "; allowed: "
            + String.join(", ", allowed));
      }
      return v;
    }

    private static void unsupported(boolean condition, String what, ModelInfo info, String hint) {
      if (condition) {
        throw new InvalidRequestException(what + " is not supported by " + info.id() + " (provider " + info.provider()
            + ")" + hint);
      }
    }

    private String modelsWhere(java.util.function.Predicate<ModelInfo> p) {
      return catalog.models().stream()
          .filter(m -> m.status() != ModelStatus.SHUTDOWN && p.test(m))
          .map(ModelInfo::id)
          .collect(Collectors.joining(", "));
    }
  }
}
