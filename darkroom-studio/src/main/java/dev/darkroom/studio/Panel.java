package dev.darkroom.studio;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One cell of a {@link Comparison}: a generated image with what made it (label, model, key
 * parameters, latency, cost), or the failure that took its place. A blocked or failed generation is a
 * panel too, so a comparison never silently drops a variant.
 */
public final class Panel {
  /**
   * Why a panel has no image.
   *
   * @param kind a stable name such as {@code CONTENT_BLOCKED}, {@code QUOTA} or {@code FILE_MISSING}
   * @param reason one line saying what happened
   */
  public record Failure(String kind, String reason) {
    public Failure {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final String label;
  private final int row;
  private final int column;
  private final String model;
  private final String modelName;
  private final String prompt;
  private final @Nullable String systemPrompt;
  private final Map<String, String> parameters;
  private final byte @Nullable [] image;
  private final @Nullable Path path;
  private final @Nullable Duration latency;
  private final BigDecimal costUsd;
  private final @Nullable Failure failure;
  private final @Nullable String provenanceJson;
  private final @Nullable Long historyId;

  private Panel(Builder b) {
    this.label = b.label;
    this.row = b.row;
    this.column = b.column;
    this.model = b.model;
    this.modelName = b.modelName == null ? b.model : b.modelName;
    this.prompt = b.prompt;
    this.systemPrompt = b.systemPrompt;
    this.parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    this.image = b.image;
    this.path = b.path;
    this.latency = b.latency;
    this.costUsd = b.costUsd;
    this.failure = b.failure;
    this.provenanceJson = b.provenanceJson;
    this.historyId = b.historyId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The variant's label, e.g. {@code Pro} or {@code with negative prompt}. */
  public String label() {
    return label;
  }

  /** 0-based row: the variant. */
  public int row() {
    return row;
  }

  /** 0-based column: the repeat. */
  public int column() {
    return column;
  }

  /** Model id, e.g. {@code gemini-3-pro-image}. */
  public String model() {
    return model;
  }

  /** Display name, e.g. {@code Nano Banana Pro}; the id when unknown. */
  public String modelName() {
    return modelName;
  }

  public String prompt() {
    return prompt;
  }

  public Optional<String> systemPrompt() {
    return Optional.ofNullable(systemPrompt);
  }

  /** Key parameters in display order (aspect, size, seed, temperature, thinking …), values as text. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The encoded image (PNG, JPEG or WebP); empty for a failed panel. */
  public Optional<byte[]> image() {
    return image == null ? Optional.empty() : Optional.of(image.clone());
  }

  byte @Nullable [] rawImage() {
    return image;
  }

  /** Where the image is saved, when it is. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** Wall time of the call, when known. */
  public Optional<Duration> latency() {
    return Optional.ofNullable(latency);
  }

  /** Cost in USD; blocked calls may still have been billed for their prompt. */
  public BigDecimal costUsd() {
    return costUsd;
  }

  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Whether the panel shows an image. */
  public boolean succeeded() {
    return failure == null && image != null;
  }

  /** The provenance JSON of the image, when it carries one. */
  public Optional<String> provenanceJson() {
    return Optional.ofNullable(provenanceJson);
  }

  /** The history row id, when the panel came from or was recorded in the history. */
  public OptionalLong historyId() {
    return historyId == null ? OptionalLong.empty() : OptionalLong.of(historyId);
  }

  @Override
  public String toString() {
    return "Panel{" + label + " r" + row + "c" + column + ", " + model
        + (failure != null ? ", " + failure.kind() : image != null ? ", image" : "") + "}";
  }

  /** Builds a {@link Panel}; label, model and prompt are required. */
  public static final class Builder {
    private String label = "";
    private int row;
    private int column;
    private String model = "";
    private @Nullable String modelName;
    private String prompt = "";
    private @Nullable String systemPrompt;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private byte @Nullable [] image;
    private @Nullable Path path;
    private @Nullable Duration latency;
    private BigDecimal costUsd = BigDecimal.ZERO;
    private @Nullable Failure failure;
    private @Nullable String provenanceJson;
    private @Nullable Long historyId;

    private Builder() {}

    public Builder label(String label) {
      this.label = Objects.requireNonNull(label, "label");
      return this;
    }

    /** 0-based row and column. */
    public Builder position(int row, int column) {
      if (row < 0 || column < 0) {
        throw new IllegalArgumentException("row and column must be 0 or more, got " + row + ", " + column);
      }
      this.row = row;
      this.column = column;
      return this;
    }

    public Builder model(String id, @Nullable String name) {
      this.model = Objects.requireNonNull(id, "model");
      this.modelName = name;
      return this;
    }

    public Builder prompt(String prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt");
      return this;
    }

    public Builder systemPrompt(@Nullable String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    /** Adds a key parameter shown in the caption; null values are skipped. */
    public Builder parameter(String name, @Nullable Object value) {
      if (value != null) {
        parameters.put(name, value.toString());
      }
      return this;
    }

    /** The encoded image (not copied). */
    public Builder image(byte @Nullable [] image) {
      this.image = image;
      return this;
    }

    public Builder path(@Nullable Path path) {
      this.path = path;
      return this;
    }

    public Builder latency(@Nullable Duration latency) {
      this.latency = latency;
      return this;
    }

    public Builder costUsd(BigDecimal costUsd) {
      this.costUsd = Objects.requireNonNull(costUsd, "costUsd");
      return this;
    }

    public Builder failure(@Nullable Failure failure) {
      this.failure = failure;
      return this;
    }

    public Builder provenanceJson(@Nullable String json) {
      this.provenanceJson = json;
      return this;
    }

    public Builder historyId(@Nullable Long historyId) {
      this.historyId = historyId;
      return this;
    }

    public Panel build() {
      if (label.isBlank()) {
        throw new IllegalArgumentException("panel label must not be blank");
      }
      if (model.isBlank()) {
        throw new IllegalArgumentException("panel model must not be blank");
      }
      if (image == null && failure == null) {
        throw new IllegalArgumentException("panel '" + label + "' needs an image or a failure");
      }
      return new Panel(this);
    }
  }
}
