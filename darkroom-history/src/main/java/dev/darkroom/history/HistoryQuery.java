package dev.darkroom.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which rows {@link History#list} returns, newest first. Every filter is optional; by default the
 * 20 most recent rows.
 *
 * <pre>{@code
 * history.list(HistoryQuery.builder().since(Instant.now().minus(Duration.ofDays(7)))
 *     .status(GenerationStatus.BLOCKED).search("red fox").limit(50).build());
 * history.list(HistoryQuery.builder().minCostUsd(new BigDecimal("0.10")).build()); // the dearer calls
 * }</pre>
 */
public final class HistoryQuery {
  /** The default {@link Builder#limit}. */
  public static final int DEFAULT_LIMIT = 20;
  /** The largest {@link Builder#limit}. */
  public static final int MAX_LIMIT = 100_000;

  private final @Nullable Instant since;
  private final @Nullable Instant until;
  private final @Nullable String model;
  private final @Nullable GenerationStatus status;
  private final @Nullable String search;
  private final @Nullable String runId;
  private final @Nullable BigDecimal minCostUsd;
  private final @Nullable BigDecimal maxCostUsd;
  private final int limit;

  private HistoryQuery(Builder b) {
    this.since = b.since;
    this.until = b.until;
    this.model = b.model;
    this.status = b.status;
    this.search = b.search;
    this.runId = b.runId;
    this.minCostUsd = b.minCostUsd;
    this.maxCostUsd = b.maxCostUsd;
    this.limit = b.limit;
  }

  /** The 20 most recent rows. */
  public static HistoryQuery recent() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Rows started at or after this instant. */
  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  /** Rows started before this instant. */
  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  /** Rows for this model id. */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  public Optional<GenerationStatus> status() {
    return Optional.ofNullable(status);
  }

  /** Words that must all appear in the prompt or system prompt. */
  public Optional<String> search() {
    return Optional.ofNullable(search);
  }

  public Optional<String> runId() {
    return Optional.ofNullable(runId);
  }

  /** Rows whose recorded cost is at least this many US dollars. */
  public Optional<BigDecimal> minCostUsd() {
    return Optional.ofNullable(minCostUsd);
  }

  /** Rows whose recorded cost is at most this many US dollars. */
  public Optional<BigDecimal> maxCostUsd() {
    return Optional.ofNullable(maxCostUsd);
  }

  /** At most this many rows. */
  public int limit() {
    return limit;
  }

  /** Builds {@link HistoryQuery}s; not thread-safe. */
  public static final class Builder {
    private @Nullable Instant since;
    private @Nullable Instant until;
    private @Nullable String model;
    private @Nullable GenerationStatus status;
    private @Nullable String search;
    private @Nullable String runId;
    private @Nullable BigDecimal minCostUsd;
    private @Nullable BigDecimal maxCostUsd;
    private int limit = DEFAULT_LIMIT;

    private Builder() {}

    /** Only rows started at or after {@code since}; null for no bound. */
    public Builder since(@Nullable Instant since) {
      this.since = since;
      return this;
    }

    /** Only rows started before {@code until}; null for no bound. */
    public Builder until(@Nullable Instant until) {
      this.until = until;
      return this;
    }

    /** Only rows for this model id (a {@code models/} prefix is ignored); null or blank for all. */
    public Builder model(@Nullable String model) {
      String m = blankToNull(model);
      this.model = m != null && m.startsWith("models/") ? m.substring(7) : m;
      return this;
    }

    /** Only rows with this status; null for all. */
    public Builder status(@Nullable GenerationStatus status) {
      this.status = status;
      return this;
    }

    /**
     * Full-text search: every word must occur in the prompt or system prompt (case-insensitive;
     * English word forms match, so "foxes" finds "fox"). Null or blank for no search.
     */
    public Builder search(@Nullable String search) {
      this.search = blankToNull(search);
      return this;
    }

    /** Only rows of this run; null or blank for all. */
    public Builder runId(@Nullable String runId) {
      this.runId = blankToNull(runId);
      return this;
    }

    /**
     * Only rows whose recorded cost ({@link GenerationRecord#costUsd}, US dollars, inclusive) is at least
     * {@code usd}; null for no lower bound. Costs are kept to the nano-dollar, so finer bounds are rounded up.
     *
     * @throws IllegalArgumentException when {@code usd} is negative
     */
    public Builder minCostUsd(@Nullable BigDecimal usd) {
      this.minCostUsd = cost("minCostUsd", usd);
      return this;
    }

    /**
     * Only rows whose recorded cost (US dollars, inclusive) is at most {@code usd}; null for no upper
     * bound. Finer than a nano-dollar is rounded down.
     *
     * @throws IllegalArgumentException when {@code usd} is negative
     */
    public Builder maxCostUsd(@Nullable BigDecimal usd) {
      this.maxCostUsd = cost("maxCostUsd", usd);
      return this;
    }

    /** At most this many rows, 1 to {@value #MAX_LIMIT}; default {@value #DEFAULT_LIMIT}. */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit " + limit + " is out of range; allowed: 1 to " + MAX_LIMIT);
      }
      this.limit = limit;
      return this;
    }

    /**
     * @throws IllegalArgumentException when {@code since} is after {@code until}, or {@code minCostUsd} is
     *     above {@code maxCostUsd}
     */
    public HistoryQuery build() {
      if (since != null && until != null && since.isAfter(until)) {
        throw new IllegalArgumentException("since " + since + " is after until " + until);
      }
      if (minCostUsd != null && maxCostUsd != null && minCostUsd.compareTo(maxCostUsd) > 0) {
        throw new IllegalArgumentException("minCostUsd " + minCostUsd.toPlainString() + " is above maxCostUsd "
            + maxCostUsd.toPlainString());
      }
      return new HistoryQuery(this);
    }

    private static @Nullable BigDecimal cost(String name, @Nullable BigDecimal usd) {
      if (usd != null && usd.signum() < 0) {
        throw new IllegalArgumentException(name + " " + usd.toPlainString() + " is negative; allowed: 0 or more US dollars");
      }
      return usd;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  @Override
  public String toString() {
    return "HistoryQuery{since=" + since + ", until=" + until + ", model=" + model + ", status=" + status
        + ", search=" + search + ", runId=" + runId
        + (minCostUsd != null ? ", minCostUsd=" + minCostUsd.toPlainString() : "")
        + (maxCostUsd != null ? ", maxCostUsd=" + maxCostUsd.toPlainString() : "") + ", limit=" + limit + "}";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HistoryQuery q && limit == q.limit && Objects.equals(since, q.since)
        && Objects.equals(until, q.until) && Objects.equals(model, q.model) && status == q.status
        && Objects.equals(search, q.search) && Objects.equals(runId, q.runId)
        && Objects.equals(minCostUsd, q.minCostUsd) && Objects.equals(maxCostUsd, q.maxCostUsd);
  }

  @Override
  public int hashCode() {
    return Objects.hash(since, until, model, status, search, runId, minCostUsd, maxCostUsd, limit);
  }
}
