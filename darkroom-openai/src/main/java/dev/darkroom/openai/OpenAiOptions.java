package dev.darkroom.openai;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelInfo;
import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.OptionReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI Images options: quality, background, output format and compression, moderation, a safety
 * identifier and streamed partial images. Attach with {@code ImageRequest.Builder.options}.
 *
 * <p>Defaults: each is left to OpenAI (quality {@code auto}, background {@code auto}, PNG output,
 * moderation {@code auto}), no partial images.
 */
public final class OpenAiOptions implements ProviderOptions {
  /** The option names, as flags, job files and stored requests spell them. */
  public static final List<String> NAMES = List.of("quality", "background", "outputFormat", "outputCompression",
      "moderation", "safetyIdentifier", "partialImages");

  private final @Nullable String quality;
  private final @Nullable String background;
  private final @Nullable String outputFormat;
  private final @Nullable Integer outputCompression;
  private final @Nullable String moderation;
  private final @Nullable String safetyIdentifier;
  private final int partialImages;

  private OpenAiOptions(Builder b) {
    this.quality = b.quality;
    this.background = b.background;
    this.outputFormat = b.outputFormat;
    this.outputCompression = b.outputCompression;
    this.moderation = b.moderation;
    this.safetyIdentifier = b.safetyIdentifier;
    this.partialImages = b.partialImages;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, for variants. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.quality = quality;
    b.background = background;
    b.outputFormat = outputFormat;
    b.outputCompression = outputCompression;
    b.moderation = moderation;
    b.safetyIdentifier = safetyIdentifier;
    b.partialImages = partialImages;
    return b;
  }

  /** The options of {@code request}, or the defaults when it carries none. */
  public static OpenAiOptions of(ImageRequest request) {
    return request.options(OpenAiOptions.class).orElseGet(() -> builder().build());
  }

  @Override
  public String provider() {
    return OpenAiProvider.ID;
  }

  /** {@code low}, {@code medium}, {@code high}, {@code auto}…; empty is OpenAI's default. */
  public Optional<String> quality() {
    return Optional.ofNullable(quality);
  }

  /** True when the background is {@code transparent}: the images carry alpha. */
  @Override
  public boolean producesTransparency() {
    return "transparent".equals(background);
  }

  public Optional<String> background() {
    return Optional.ofNullable(background);
  }

  /** The format OpenAI encodes: {@code png}, {@code jpeg} or {@code webp}. */
  public Optional<String> outputFormat() {
    return Optional.ofNullable(outputFormat);
  }

  /** JPEG/WebP compression 0-100. */
  public Optional<Integer> outputCompression() {
    return Optional.ofNullable(outputCompression);
  }

  public Optional<String> moderation() {
    return Optional.ofNullable(moderation);
  }

  /** A stable hashed id of the end user, for abuse monitoring. */
  public Optional<String> safetyIdentifier() {
    return Optional.ofNullable(safetyIdentifier);
  }

  /** Partial images streamed per image while it renders (0 = no streaming). */
  public int partialImages() {
    return partialImages;
  }

  @Override
  public Map<String, Object> values() {
    Map<String, Object> m = new LinkedHashMap<>();
    putIf(m, "quality", quality);
    putIf(m, "background", background);
    putIf(m, "outputFormat", outputFormat);
    putIf(m, "outputCompression", outputCompression);
    putIf(m, "moderation", moderation);
    putIf(m, "safetyIdentifier", safetyIdentifier);
    if (partialImages > 0) {
      m.put("partialImages", partialImages);
    }
    return m;
  }

  private static void putIf(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static OpenAiOptions read(Map<String, ?> values) {
    OptionReader r = new OptionReader(OpenAiProvider.ID, values, NAMES);
    Integer partials = r.integer("partialImages");
    return builder().quality(r.string("quality")).background(r.string("background"))
        .outputFormat(r.string("outputFormat")).outputCompression(r.integer("outputCompression"))
        .moderation(r.string("moderation")).safetyIdentifier(r.string("safetyIdentifier"))
        .partialImages(partials == null ? 0 : partials).build();
  }

  @Override
  public OpenAiOptions validate(ImageRequest request, Consumer<String> warnings) {
    ModelInfo info = request.model();
    String where = " for " + info.id() + " (" + info.name() + ", provider " + info.provider() + ")";
    Builder b = toBuilder();
    b.quality = choice("quality", quality, info.qualities(), info, where);
    b.background = choice("background", background, info.backgrounds(), info, where);
    b.outputFormat = outputFormat == null ? null
        : choice("outputFormat", outputFormat.trim().toLowerCase(Locale.ROOT).replace("jpg", "jpeg"),
            info.outputFormats(), info, where);
    b.moderation = choice("moderation", moderation, info.moderationLevels(), info, where);
    String format = b.outputFormat == null ? defaultFormat(info) : b.outputFormat;
    if ("transparent".equals(b.background) && !format.equals("png") && !format.equals("webp")) {
      throw new InvalidRequestException("a transparent background needs png or webp output, not " + format + where,
          "openai.outputFormat", List.of("png", "webp"));
    }
    if (outputCompression != null) {
      unsupported(!info.supportsOutputCompression(), "outputCompression", "output compression", info);
      if (outputCompression < 0 || outputCompression > 100) {
        throw new InvalidRequestException("output compression " + outputCompression
            + " is out of range; allowed: 0 to 100", "openai.outputCompression", List.of("0..100"));
      }
      if (!format.equals("jpeg") && !format.equals("webp")) {
        throw new InvalidRequestException("output compression applies to jpeg and webp output only, not " + format
            + "; choose the output format jpeg or webp", "openai.outputCompression", List.of());
      }
    }
    if (safetyIdentifier != null) {
      unsupported(!info.supportsSafetyIdentifier(), "safetyIdentifier", "a safety identifier", info);
      if (safetyIdentifier.isBlank() || safetyIdentifier.length() > 64) {
        throw new InvalidRequestException("the safety identifier must be 1 to 64 characters (hash the user id)",
            "openai.safetyIdentifier", List.of());
      }
    }
    if (partialImages != 0) {
      unsupported(info.maxPartialImages() == 0, "partialImages", "partial images", info);
      if (partialImages < 0 || partialImages > info.maxPartialImages()) {
        throw new InvalidRequestException("partial images " + partialImages + " is out of range" + where
            + "; allowed: 0 to " + info.maxPartialImages(), "openai.partialImages",
            List.of("0.." + info.maxPartialImages()));
      }
    }
    return b.build();
  }

  /** The format OpenAI encodes when none is asked for: the model's first listed, else PNG. */
  static String defaultFormat(ModelInfo info) {
    return info.outputFormats().isEmpty() ? "png" : info.outputFormats().get(0);
  }

  private static @Nullable String choice(String field, @Nullable String value, List<String> allowed, ModelInfo info,
      String where) {
    if (value == null) {
      return null;
    }
    String what = field.replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
    String v = value.trim().toLowerCase(Locale.ROOT);
    unsupported(allowed.isEmpty(), field, what + " '" + value + "'", info);
    if (!allowed.contains(v)) {
      throw new InvalidRequestException(what + " '" + value + "' is not supported" + where + "; allowed: "
          + String.join(", ", allowed), "openai." + field, allowed);
    }
    return v;
  }

  private static void unsupported(boolean condition, String field, String what, ModelInfo info) {
    if (condition) {
      throw new InvalidRequestException(what + " is not supported by " + info.id() + " (provider " + info.provider()
          + ")", "openai." + field, List.of());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpenAiOptions x && x.values().equals(values());
  }

  @Override
  public int hashCode() {
    return Objects.hash(values());
  }

  @Override
  public String toString() {
    return "OpenAiOptions" + values();
  }

  /** Builds {@link OpenAiOptions}; checked against the model when the request is built. */
  public static final class Builder {
    private @Nullable String quality;
    private @Nullable String background;
    private @Nullable String outputFormat;
    private @Nullable Integer outputCompression;
    private @Nullable String moderation;
    private @Nullable String safetyIdentifier;
    private int partialImages;

    private Builder() {}

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

    /** {@code png}, {@code jpeg} or {@code webp}, where the model offers a choice. */
    public Builder outputFormat(@Nullable String outputFormat) {
      this.outputFormat = outputFormat;
      return this;
    }

    /** Compression 0-100 for JPEG and WebP output. */
    public Builder outputCompression(@Nullable Integer outputCompression) {
      this.outputCompression = outputCompression;
      return this;
    }

    /** The moderation level, e.g. {@code low} or {@code auto}. */
    public Builder moderation(@Nullable String moderation) {
      this.moderation = moderation;
      return this;
    }

    /** A stable, hashed id of your end user (never an e-mail address). */
    public Builder safetyIdentifier(@Nullable String safetyIdentifier) {
      this.safetyIdentifier = safetyIdentifier;
      return this;
    }

    /** Partial images to stream per image, 0 (default) to the model's limit. */
    public Builder partialImages(int partialImages) {
      this.partialImages = partialImages;
      return this;
    }

    public OpenAiOptions build() {
      return new OpenAiOptions(this);
    }
  }
}
