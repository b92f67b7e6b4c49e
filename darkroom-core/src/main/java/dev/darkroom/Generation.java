package dev.darkroom;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one successful provider call: the images it returned and everything the provider
 * said about them.
 */
public final class Generation {
  private final String model;
  private final @Nullable String modelVersion;
  private final @Nullable String responseId;
  private final List<GeneratedImage> images;
  private final List<GeneratedImage> thoughtImages;
  private final String text;
  private final String thoughts;
  private final String finishReason;
  private final List<GroundingSource> groundingSources;
  private final List<String> searchQueries;
  private final Duration latency;
  private final int attempts;
  private final Usage usage;
  private final BigDecimal costUsd;
  private @Nullable Duration engineTime;

  public Generation(
      String model,
      @Nullable String modelVersion,
      @Nullable String responseId,
      List<GeneratedImage> images,
      List<GeneratedImage> thoughtImages,
      String text,
      String thoughts,
      String finishReason,
      List<GroundingSource> groundingSources,
      List<String> searchQueries,
      Duration latency,
      int attempts,
      Usage usage,
      BigDecimal costUsd) {
    this.model = model;
    this.modelVersion = modelVersion;
    this.responseId = responseId;
    this.images = List.copyOf(images);
    this.thoughtImages = List.copyOf(thoughtImages);
    this.text = text;
    this.thoughts = thoughts;
    this.finishReason = finishReason;
    this.groundingSources = List.copyOf(groundingSources);
    this.searchQueries = List.copyOf(searchQueries);
    this.latency = latency;
    this.attempts = attempts;
    this.usage = usage;
    this.costUsd = costUsd;
  }

  /**
   * A copy carrying the time the engine spent producing the images (a local engine's GPU time);
   * null leaves it unknown.
   */
  public Generation withEngineTime(@Nullable Duration engineTime) {
    Generation g = new Generation(model, modelVersion, responseId, images, thoughtImages, text, thoughts, finishReason,
        groundingSources, searchQueries, latency, attempts, usage, costUsd);
    g.engineTime = engineTime;
    return g;
  }

  /** The time the engine spent producing the images, when it reports one (local engines: GPU time). */
  public Optional<Duration> engineTime() {
    return Optional.ofNullable(engineTime);
  }

  /** The model id that was requested. */
  public String model() {
    return model;
  }

  /** The exact model version the provider reports having used. */
  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  public Optional<String> responseId() {
    return Optional.ofNullable(responseId);
  }

  /** Final images, in the order returned. */
  public List<GeneratedImage> images() {
    return images;
  }

  /** Interim images drawn while thinking (only when thoughts were requested). */
  public List<GeneratedImage> thoughtImages() {
    return thoughtImages;
  }

  /** Text the model returned alongside the image; empty when none. */
  public String text() {
    return text;
  }

  /** The model's thought summary; empty unless thoughts were requested. */
  public String thoughts() {
    return thoughts;
  }

  /** The provider's finish reason, e.g. {@code STOP}. */
  public String finishReason() {
    return finishReason;
  }

  public List<GroundingSource> groundingSources() {
    return groundingSources;
  }

  public List<String> searchQueries() {
    return searchQueries;
  }

  /** Wall time of the call, retries and backoff included. */
  public Duration latency() {
    return latency;
  }

  /** HTTP attempts made, 1 when no retry was needed. */
  public int attempts() {
    return attempts;
  }

  public Usage usage() {
    return usage;
  }

  /** Cost in USD at the model table's standard prices. */
  public BigDecimal costUsd() {
    return costUsd;
  }

  Generation withImages(List<GeneratedImage> images, List<GeneratedImage> thoughtImages) {
    Generation g = new Generation(model, modelVersion, responseId, images, thoughtImages, text, thoughts, finishReason,
        groundingSources, searchQueries, latency, attempts, usage, costUsd);
    g.engineTime = engineTime;
    return g;
  }

  @Override
  public String toString() {
    return "Generation{" + model + ", responseId=" + responseId + ", images=" + images.size()
        + ", finishReason=" + finishReason + ", costUsd=" + costUsd + "}";
  }
}
