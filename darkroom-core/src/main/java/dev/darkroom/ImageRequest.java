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
  private final @Nullable Long seed;
  private final int count;
  private final @Nullable Grid grid;
  private final @Nullable String size;
  private final @Nullable ImageInput mask;
  private final @Nullable ProviderOptions options;
  private final List<String> warnings;

  private ImageRequest(Builder b, ModelInfo model, @Nullable ProviderOptions options, List<String> warnings) {
    this.model = model;
    this.prompt = b.prompt == null ? "" : b.prompt.strip();
    this.images = List.copyOf(b.images);
    this.aspectRatio = b.aspectRatio;
    this.imageSize = b.imageSize;
    this.seed = b.seed;
    this.count = b.count;
    this.grid = b.grid;
    this.size = b.size;
    this.mask = b.mask;
    this.options = options;
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
    b.seed = seed;
    b.count = count;
    b.grid = grid;
    b.size = size;
    b.mask = mask;
    b.options = options;
    return b;
  }

  /** This request with {@code seed} set, unchanged otherwise (already validated; the provider chose the seed). */
  ImageRequest withSeed(long seed) {
    Builder b = newBuilder();
    b.seed = seed;
    return new ImageRequest(b, model, options, warnings);
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

  /** The requested size tier; empty means the model's default ({@link #effectiveImageSize()}). */
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

  /** The edit mask: a PNG with alpha, the size of the first image; transparent areas are redrawn. */
  public Optional<ImageInput> mask() {
    return Optional.ofNullable(mask);
  }

  /**
   * The seed, an unsigned 64-bit value ({@link Long#toUnsignedString} shows it); empty lets the
   * provider choose. Providers accept narrower ranges (Gemini: a signed 32-bit value).
   */
  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  /**
   * How many images to generate. Providers returning one image per call get this many calls; others
   * get as few calls as they allow.
   */
  public int count() {
    return count;
  }

  /** The grid each returned image is sliced into, if any. */
  public Optional<Grid> grid() {
    return Optional.ofNullable(grid);
  }

  /** The provider options of type {@code type}, when they are attached. */
  public <T extends ProviderOptions> Optional<T> options(Class<T> type) {
    return type.isInstance(options) ? Optional.of(type.cast(options)) : Optional.empty();
  }

  /** The provider options attached to this request, validated and normalised. */
  public Optional<ProviderOptions> providerOptions() {
    return Optional.ofNullable(options);
  }

  /**
   * Adjustments made when the request was built, e.g. an aspect ratio mapped to the closest pixel
   * size. The client reports them through {@link GenerationListener#onWarning} before sending.
   */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "ImageRequest{model=" + model.id() + ", prompt=" + abbreviate(prompt) + ", images=" + images.size()
        + ", aspectRatio=" + aspectRatio + ", imageSize=" + effectiveImageSize() + ", count=" + count
        + (mask == null ? "" : ", mask") + (options == null ? "" : ", " + options.provider() + "=" + options.values())
        + "}";
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
    private @Nullable Long seed;
    private int count = 1;
    private @Nullable Grid grid;
    private @Nullable String size;
    private @Nullable ImageInput mask;
    private @Nullable ProviderOptions options;
    private final List<String> notes = new ArrayList<>();

    Builder(ModelCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The model id; defaults to the catalog's default model. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /**
     * Notes an adjustment the caller made to what the user wrote (e.g. a prompt converted from another
     * weight syntax); it is reported with the request's own {@link ImageRequest#warnings()}.
     */
    public Builder warning(String message) {
      notes.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** The model id set so far; null means the catalog's default. */
    public @Nullable String modelId() {
      return model;
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

    /** A size tier such as {@code 512}, {@code 1K}, {@code 2K} or {@code 4K} ({@code 2k} is accepted and normalised). */
    public Builder imageSize(@Nullable String imageSize) {
      this.imageSize = imageSize;
      return this;
    }

    /** A seed for reproducibility (unsigned 64-bit; providers may accept less); null lets the provider pick. */
    public Builder seed(@Nullable Long seed) {
      this.seed = seed;
      return this;
    }

    /** A seed for reproducibility; see {@link #seed(Long)}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Number of images, 1 to 64; default 1. */
    public Builder count(int count) {
      this.count = count;
      return this;
    }

    public Builder grid(@Nullable Grid grid) {
      this.grid = grid;
      return this;
    }

    /**
     * A pixel size {@code WIDTHxHEIGHT} or {@code auto}, for models that take pixel sizes; checked
     * against the model's presets and custom-size rules. Null uses the model's default.
     */
    public Builder size(@Nullable String size) {
      this.size = size;
      return this;
    }

    /** An edit mask: a PNG with an alpha channel, the size of the first reference image. */
    public Builder mask(@Nullable ImageInput mask) {
      this.mask = mask;
      return this;
    }

    /**
     * The provider's own options (e.g. {@code GeminiOptions}, {@code OpenAiOptions}), replacing any set
     * before; null clears them. They must be for the model's provider.
     */
    public Builder options(@Nullable ProviderOptions options) {
      this.options = options;
      return this;
    }

    /** The options set so far, when they are of {@code type}; for code that adjusts a builder. */
    public <T extends ProviderOptions> Optional<T> currentOptions(Class<T> type) {
      return type.isInstance(options) ? Optional.of(type.cast(options)) : Optional.empty();
    }

    /**
     * Validates against the model table and the provider, and builds.
     *
     * @throws InvalidRequestException naming the bad value, its field and the allowed ones
     */
    public ImageRequest build() {
      ModelInfo info = catalog.require(model != null ? model : catalog.defaultModel());
      String where = " for " + info.id() + " (" + info.name() + ", provider " + info.provider() + ")";
      if ((prompt == null || prompt.isBlank()) && images.isEmpty()) {
        throw new InvalidRequestException("nothing to generate from: give a prompt, reference images, or both",
            "prompt", List.of());
      }
      List<String> warnings = new ArrayList<>(notes);
      if (info.usesPixelSizes()) {
        validatePixelModel(info, where, warnings);
      } else if (size != null) {
        throw new InvalidRequestException("size '" + size + "' is not supported by " + info.id() + " (provider "
            + info.provider() + "); give an aspect ratio and image size instead", "size", info.imageSizeNames());
      }
      if (aspectRatio != null && !info.aspectRatios().contains(aspectRatio)) {
        List<String> closest = Suggestions.byRatio(aspectRatio, info.aspectRatios());
        String meant = Suggestions.ratioValue(aspectRatio).isPresent() && !closest.isEmpty()
            ? "; did you mean " + closest.get(0) + "? (ratios are written W:H)" : "";
        throw new InvalidRequestException("aspect ratio '" + aspectRatio + "' is not supported" + where + meant
            + "; allowed: " + String.join(", ", info.aspectRatios()), "aspectRatio", closest);
      }
      if (imageSize != null) {
        String normalised = imageSize.trim().toUpperCase(java.util.Locale.ROOT);
        if (info.imageSize(normalised).isEmpty()) {
          String hint = ModelInfo.parseSize(imageSize.trim().toLowerCase(java.util.Locale.ROOT)) == null ? ""
              : "; " + info.id() + " takes a size tier, not pixels: give the shape with an aspect ratio (-a W:H)";
          throw new InvalidRequestException("image size '" + imageSize + "' is not supported" + where + hint
              + "; allowed: " + String.join(", ", info.imageSizeNames()), "imageSize", info.imageSizeNames());
        }
        imageSize = normalised;
      }
      if (images.size() > info.maxInputImages()) {
        throw new InvalidRequestException(images.size() + " input images is too many" + where
            + "; it accepts at most " + info.maxInputImages(), "images", List.of());
      }
      if (seed != null && !info.supportsSampling()) {
        throw new InvalidRequestException("seed is not supported" + where + "; models with seeds: "
            + modelsWhere(ModelInfo::supportsSampling), "seed", List.of());
      }
      if (count < 1 || count > 64) {
        throw new InvalidRequestException("image count " + count + " is out of range; allowed: 1 to 64", "count",
            List.of("1..64"));
      }
      if (mask != null) {
        if (!info.supportsMask()) {
          throw new InvalidRequestException("a mask is not supported by " + info.id() + " (provider "
              + info.provider() + "); describe the change in the prompt instead", "mask", List.of());
        }
        if (images.isEmpty()) {
          throw new InvalidRequestException(
              "a mask needs an image to edit: add a reference image (the mask applies to the first)", "mask", List.of());
        }
      }
      for (ImageInput image : images) {
        image.validate();
      }
      if (mask != null) {
        MaskCheck.checkAtBuild(mask, images.get(0));
      }
      if (options != null && !options.provider().equals(info.provider())) {
        throw new InvalidRequestException("options for provider " + options.provider() + " do not apply" + where
            + "; give that provider's options, or none", "options", List.of(info.provider()));
      }
      ImageRequest draft = new ImageRequest(this, info, options, warnings);
      ProviderOptions checked = options == null ? null : options.validate(draft, warnings::add);
      ImageRequest request = new ImageRequest(this, info, checked, warnings);
      dev.darkroom.spi.Providers.find(info.provider()).ifPresent(p -> p.checkRequest(request, warnings::add));
      return warnings.size() == request.warnings.size() ? request : new ImageRequest(this, info, checked, warnings);
    }

    /** Pixel sizing: a pixel size; aspect ratio and size tier are mapped onto it. */
    private void validatePixelModel(ModelInfo info, String where, List<String> warnings) {
      if (size == null && imageSize != null
          && ModelInfo.parseSize(imageSize.trim().toLowerCase(java.util.Locale.ROOT)) != null) {
        if (aspectRatio != null) {
          throw new InvalidRequestException("image size '" + imageSize + "' is a pixel size: give it alone as the"
              + " size (--size " + imageSize.trim() + "), or an aspect ratio with a size tier" + where, "imageSize",
              info.imageSizeNames());
        }
        size = imageSize; // "-s 1536x864": a pixel size where the model takes pixel sizes means that size
        imageSize = null;
      }
      if (size != null) {
        size = size.trim().toLowerCase(java.util.Locale.ROOT);
        if (aspectRatio != null || imageSize != null) {
          throw new InvalidRequestException("give either a size or an aspect ratio and image size" + where
              + ", not both", "size", List.of());
        }
        java.util.Optional<String> why = info.sizeViolation(size);
        if (why.isPresent()) {
          int[] wh = ModelInfo.parseSize(size);
          java.util.Optional<String> nearest = wh == null ? java.util.Optional.empty()
              : info.customSizes().flatMap(r -> Suggestions.nearestSize(wh[0], wh[1], r))
                  .or(() -> Suggestions.nearestPreset(wh[0], wh[1], info.sizes()));
          List<String> allowed = new ArrayList<>();
          nearest.ifPresent(allowed::add);
          info.sizes().stream().filter(x -> !allowed.contains(x)).forEach(allowed::add);
          throw new InvalidRequestException("size '" + size + "' is not supported" + where + ": " + why.get()
              + nearest.map(n -> "; the nearest valid size is " + n).orElse("")
              + "; allowed: " + info.sizeChoices(), "size", allowed);
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
    }

    private String modelsWhere(java.util.function.Predicate<ModelInfo> p) {
      return catalog.models().stream()
          .filter(m -> m.status() != ModelStatus.SHUTDOWN && p.test(m))
          .map(ModelInfo::id)
          .collect(Collectors.joining(", "));
    }
  }
}
