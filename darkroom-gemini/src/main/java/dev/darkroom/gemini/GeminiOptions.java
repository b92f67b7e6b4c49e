package dev.darkroom.gemini;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelInfo;
import dev.darkroom.ModelStatus;
import dev.darkroom.ProviderOptions;
import dev.darkroom.SafetySetting;
import dev.darkroom.ThinkingLevel;
import dev.darkroom.spi.OptionReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Gemini's own options: system prompt, temperature, thinking, thought summaries, Google Search
 * grounding, safety settings and image-only output. Attach with {@code ImageRequest.Builder.options}.
 *
 * <pre>{@code
 * request.options(GeminiOptions.builder().thinkingLevel(ThinkingLevel.HIGH).includeThoughts(true).build())
 * }</pre>
 *
 * <p>Defaults: no system prompt, the provider's temperature (1.0), the model's thinking level, no
 * thoughts, no search, Google's safety defaults, text and image output.
 */
public final class GeminiOptions implements ProviderOptions {
  /** The option names, as flags, job files and stored requests spell them. */
  public static final List<String> NAMES = List.of("systemPrompt", "temperature", "thinkingLevel", "includeThoughts",
      "googleSearch", "safetySettings", "imageOnly");

  private final @Nullable String systemPrompt;
  private final @Nullable Double temperature;
  private final @Nullable ThinkingLevel thinkingLevel;
  private final boolean includeThoughts;
  private final boolean googleSearch;
  private final List<SafetySetting> safetySettings;
  private final boolean imageOnly;

  private GeminiOptions(Builder b) {
    this.systemPrompt = b.systemPrompt == null || b.systemPrompt.isBlank() ? null : b.systemPrompt;
    this.temperature = b.temperature;
    this.thinkingLevel = b.thinkingLevel;
    this.includeThoughts = b.includeThoughts;
    this.googleSearch = b.googleSearch;
    this.safetySettings = List.copyOf(b.safetySettings);
    this.imageOnly = b.imageOnly;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, for variants. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.systemPrompt = systemPrompt;
    b.temperature = temperature;
    b.thinkingLevel = thinkingLevel;
    b.includeThoughts = includeThoughts;
    b.googleSearch = googleSearch;
    b.safetySettings.addAll(safetySettings);
    b.imageOnly = imageOnly;
    return b;
  }

  /** The options of {@code request}, or the defaults when it carries none. */
  public static GeminiOptions of(ImageRequest request) {
    return request.options(GeminiOptions.class).orElseGet(() -> builder().build());
  }

  @Override
  public String provider() {
    return GeminiProvider.ID;
  }

  public Optional<String> systemPrompt() {
    return Optional.ofNullable(systemPrompt);
  }

  /** Sampling temperature 0.0 to 2.0; empty is the provider's default. */
  public Optional<Double> temperature() {
    return Optional.ofNullable(temperature);
  }

  public Optional<ThinkingLevel> thinkingLevel() {
    return Optional.ofNullable(thinkingLevel);
  }

  /** Whether thought text and interim thought images are returned (streamed). */
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

  /** Whether only images are requested (no accompanying text). */
  public boolean imageOnly() {
    return imageOnly;
  }

  @Override
  public Map<String, Object> values() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (systemPrompt != null) {
      m.put("systemPrompt", systemPrompt);
    }
    if (temperature != null) {
      m.put("temperature", temperature);
    }
    if (thinkingLevel != null) {
      m.put("thinkingLevel", thinkingLevel.name());
    }
    if (includeThoughts) {
      m.put("includeThoughts", true);
    }
    if (googleSearch) {
      m.put("googleSearch", true);
    }
    if (!safetySettings.isEmpty()) {
      List<Object> list = new ArrayList<>();
      for (SafetySetting s : safetySettings) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("category", s.category().name());
        one.put("threshold", s.threshold().name());
        list.add(one);
      }
      m.put("safetySettings", list);
    }
    if (imageOnly) {
      m.put("imageOnly", true);
    }
    return m;
  }

  /** Reads the canonical form; see {@link ProviderOptions#values()}. */
  static GeminiOptions read(Map<String, ?> values) {
    OptionReader r = new OptionReader(GeminiProvider.ID, values, NAMES);
    Builder b = builder().systemPrompt(r.string("systemPrompt")).temperature(r.decimal("temperature"))
        .includeThoughts(r.bool("includeThoughts")).googleSearch(r.bool("googleSearch")).imageOnly(r.bool("imageOnly"));
    String level = r.string("thinkingLevel");
    if (level != null) {
      try {
        b.thinkingLevel(ThinkingLevel.parse(level));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(e.getMessage(), "gemini.thinkingLevel",
            List.of("minimal", "low", "medium", "high"));
      }
    }
    for (Object s : r.list("safetySettings")) {
      b.addSafetySetting(safety(r, s));
    }
    return b.build();
  }

  private static SafetySetting safety(OptionReader r, Object s) {
    try {
      if (s instanceof Map<?, ?> m) {
        return new SafetySetting(SafetySetting.Category.valueOf(String.valueOf(m.get("category"))),
            SafetySetting.Threshold.valueOf(String.valueOf(m.get("threshold"))));
      }
      return SafetySetting.parse(s.toString());
    } catch (IllegalArgumentException e) {
      throw r.bad("safetySettings", s, "CATEGORY=THRESHOLD, e.g. harassment=block_none");
    }
  }

  @Override
  public GeminiOptions validate(ImageRequest request, Consumer<String> warnings) {
    ModelInfo info = request.model();
    String where = " for " + info.id() + " (" + info.name() + ", provider " + info.provider() + ")";
    if (systemPrompt != null && !info.supportsSystemPrompt()) {
      throw refuse("systemPrompt", "a system prompt is not supported" + where + "; models with system prompts: "
          + modelsWhere(ModelInfo::supportsSystemPrompt));
    }
    if (thinkingLevel != null && !info.thinkingLevels().contains(thinkingLevel)) {
      List<String> levels = info.thinkingLevels().stream().map(l -> l.name().toLowerCase(Locale.ROOT)).toList();
      throw new InvalidRequestException(info.supportsThinking()
          ? "thinking level '" + thinkingLevel.name().toLowerCase(Locale.ROOT) + "' is not supported" + where
              + "; allowed: " + String.join(", ", levels)
          : "thinking is not supported" + where + "; models with thinking: " + modelsWhere(ModelInfo::supportsThinking),
          "gemini.thinkingLevel", levels);
    }
    if (includeThoughts && !info.supportsThinking()) {
      throw refuse("includeThoughts", "showing thoughts is not supported" + where
          + " (it does not think); models with thinking: " + modelsWhere(ModelInfo::supportsThinking));
    }
    if (googleSearch && !info.supportsSearch()) {
      throw refuse("googleSearch", "Google Search grounding is not supported" + where + "; models with search: "
          + modelsWhere(ModelInfo::supportsSearch));
    }
    if (temperature != null && !info.supportsSampling()) {
      throw refuse("temperature", "temperature is not supported" + where + "; models with temperature and seed: "
          + modelsWhere(ModelInfo::supportsSampling));
    }
    if (!safetySettings.isEmpty() && !info.supportsSafetySettings()) {
      throw refuse("safetySettings", "safety settings are not supported" + where);
    }
    if (temperature != null && (temperature.isNaN() || temperature < 0.0 || temperature > 2.0)) {
      throw new InvalidRequestException("temperature " + temperature + " is out of range; allowed: 0.0 to 2.0",
          "gemini.temperature", List.of("0.0..2.0"));
    }
    return this;
  }

  private static InvalidRequestException refuse(String field, String message) {
    return new InvalidRequestException(message, "gemini." + field, List.of());
  }

  private static String modelsWhere(Predicate<ModelInfo> p) {
    return dev.darkroom.ModelCatalog.builtIn().models().stream()
        .filter(m -> m.status() != ModelStatus.SHUTDOWN && p.test(m))
        .map(ModelInfo::id)
        .collect(Collectors.joining(", "));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeminiOptions g && g.values().equals(values());
  }

  @Override
  public int hashCode() {
    return Objects.hash(values());
  }

  @Override
  public String toString() {
    return "GeminiOptions" + values();
  }

  /** Builds {@link GeminiOptions}; checked against the model when the request is built. */
  public static final class Builder {
    private @Nullable String systemPrompt;
    private @Nullable Double temperature;
    private @Nullable ThinkingLevel thinkingLevel;
    private boolean includeThoughts;
    private boolean googleSearch;
    private final List<SafetySetting> safetySettings = new ArrayList<>();
    private boolean imageOnly;

    private Builder() {}

    /** Instructions sent as the system instruction; blank means none. */
    public Builder systemPrompt(@Nullable String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    /** Sampling temperature, 0.0 to 2.0; null uses the provider's default (1.0). */
    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
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

    public GeminiOptions build() {
      return new GeminiOptions(this);
    }
  }
}
