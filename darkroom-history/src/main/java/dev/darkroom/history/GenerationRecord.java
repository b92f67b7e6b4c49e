package dev.darkroom.history;

import dev.darkroom.ErrorKind;
import dev.darkroom.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One provider call as the history recorded it: the request, what came back, what it cost and which
 * files it produced. Immutable; read through {@link History#list} and {@link History#get}.
 *
 * <p>Rows are written ahead: a row exists from the moment the call is sent ({@link GenerationStatus#RUNNING})
 * and is completed after the images are on disk. A row whose process died in between reads as
 * {@link GenerationStatus#INTERRUPTED}.
 */
public final class GenerationRecord {
  private final long id;
  private final Instant startedAt;
  private final @Nullable Instant finishedAt;
  private final GenerationStatus status;
  private final String provider;
  private final @Nullable String modelVersion;
  private final StoredRequest request;
  private final int callIndex;
  private final @Nullable String runId;
  private final long pid;
  private final @Nullable ErrorKind errorKind;
  private final @Nullable String errorMessage;
  private final @Nullable String reason;
  private final String modelText;
  private final @Nullable String responseId;
  private final Usage usage;
  private final BigDecimal costUsd;
  private final @Nullable Duration latency;
  private final @Nullable Duration engineTime;
  private final int attempts;
  private final int httpStatus;
  private final @Nullable String vendorStatus;
  private final List<OutputFile> outputs;

  private GenerationRecord(Builder b) {
    this.id = b.id;
    this.startedAt = b.startedAt;
    this.finishedAt = b.finishedAt;
    this.status = b.status;
    this.provider = b.provider;
    this.modelVersion = b.modelVersion;
    this.request = b.request;
    this.callIndex = b.callIndex;
    this.runId = b.runId;
    this.pid = b.pid;
    this.errorKind = b.errorKind;
    this.errorMessage = b.errorMessage;
    this.reason = b.reason;
    this.modelText = b.modelText;
    this.responseId = b.responseId;
    this.usage = b.usage;
    this.costUsd = b.costUsd;
    this.latency = b.latency;
    this.engineTime = b.engineTime;
    this.attempts = b.attempts;
    this.httpStatus = b.httpStatus;
    this.vendorStatus = b.vendorStatus;
    this.outputs = List.copyOf(b.outputs);
  }

  /** The row id, increasing in the order calls were sent. */
  public long id() {
    return id;
  }

  /** When the call was about to be sent. */
  public Instant startedAt() {
    return startedAt;
  }

  /** When the row was completed; empty while running or when interrupted. */
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  public GenerationStatus status() {
    return status;
  }

  /** The provider id, e.g. {@code gemini}. */
  public String provider() {
    return provider;
  }

  /** The model id that was requested. */
  public String model() {
    return request.model();
  }

  /** The exact model version the provider reported, when it answered. */
  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  /** Shortcut for {@code request().prompt()}. */
  public String prompt() {
    return request.prompt();
  }

  /** The system prompt, for providers that take one (the {@code systemPrompt} option). */
  public Optional<String> systemPrompt() {
    return request.option("systemPrompt");
  }

  /** Everything needed to send the same request again. */
  public StoredRequest request() {
    return request;
  }

  /** 0-based index of this call within its request ({@code request().count()} calls in all). */
  public int callIndex() {
    return callIndex;
  }

  /** The run (batch) this call belongs to, when it was recorded through {@link History#withRun}. */
  public Optional<String> runId() {
    return Optional.ofNullable(runId);
  }

  /** The operating-system process that sent the call. */
  public long pid() {
    return pid;
  }

  /** How the call failed; {@link ErrorKind#CONTENT_BLOCKED} for blocked rows, empty for succeeded and running ones. */
  public Optional<ErrorKind> errorKind() {
    return Optional.ofNullable(errorKind);
  }

  /** The failure message (already free of secrets), or why the row counts as interrupted. */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  /** The provider's finish or block reason, e.g. {@code STOP} or {@code IMAGE_SAFETY}. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** Text the model returned (alongside the image, or instead of it); empty when none. */
  public String modelText() {
    return modelText;
  }

  public Optional<String> responseId() {
    return Optional.ofNullable(responseId);
  }

  /** Tokens the provider reported; {@link Usage#ZERO} when it did not answer. */
  public Usage usage() {
    return usage;
  }

  /** Cost in USD at the model table's standard prices (exact to 1e-9); zero when nothing was billed or it is unknown. */
  public BigDecimal costUsd() {
    return costUsd;
  }

  /** Wall time of the call, retries included; empty while running or when interrupted. */
  public Optional<Duration> latency() {
    return Optional.ofNullable(latency);
  }

  /** Time the engine spent on the call (a local engine's GPU time), when it reported one. */
  public Optional<Duration> engineTime() {
    return Optional.ofNullable(engineTime);
  }

  /** HTTP attempts made (1 without retries); 0 when unknown. */
  public int attempts() {
    return attempts;
  }

  /** Retries made: {@code attempts() - 1}, or 0 when unknown. */
  public int retries() {
    return Math.max(0, attempts - 1);
  }

  /** The HTTP status of a failed call, or 0. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The provider's status string of a failed call, e.g. {@code RESOURCE_EXHAUSTED}. */
  public Optional<String> vendorStatus() {
    return Optional.ofNullable(vendorStatus);
  }

  /** Files produced, in the order they were recorded: each original followed by its grid cells. */
  public List<OutputFile> outputs() {
    return outputs;
  }

  @Override
  public String toString() {
    return "GenerationRecord{#" + id + ", " + status + ", " + request.model() + ", " + startedAt
        + (runId != null ? ", run=" + runId : "") + ", costUsd=" + costUsd.toPlainString() + ", outputs=" + outputs.size() + "}";
  }

  /** Assembles a record from a database row; not thread-safe. */
  static final class Builder {
    long id;
    Instant startedAt = Instant.EPOCH;
    @Nullable Instant finishedAt;
    GenerationStatus status = GenerationStatus.RUNNING;
    String provider = "";
    @Nullable String modelVersion;
    @Nullable StoredRequest request;
    int callIndex;
    @Nullable String runId;
    long pid;
    @Nullable ErrorKind errorKind;
    @Nullable String errorMessage;
    @Nullable String reason;
    String modelText = "";
    @Nullable String responseId;
    Usage usage = Usage.ZERO;
    BigDecimal costUsd = BigDecimal.ZERO;
    @Nullable Duration latency;
    @Nullable Duration engineTime;
    int attempts;
    int httpStatus;
    @Nullable String vendorStatus;
    final List<OutputFile> outputs = new ArrayList<>();

    GenerationRecord build() {
      if (request == null) {
        throw new IllegalStateException("request not set");
      }
      return new GenerationRecord(this);
    }
  }
}
