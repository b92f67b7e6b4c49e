package dev.darkroom.history;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What {@link History#cost} sums: a time range and a grouping. Defaults: all time, by day, in UTC. */
public final class CostQuery {
  private final @Nullable Instant since;
  private final @Nullable Instant until;
  private final CostGrouping groupBy;
  private final ZoneId zone;

  private CostQuery(Builder b) {
    this.since = b.since;
    this.until = b.until;
    this.groupBy = b.groupBy;
    this.zone = b.zone;
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

  public CostGrouping groupBy() {
    return groupBy;
  }

  /** The zone that decides which day a row falls on. */
  public ZoneId zone() {
    return zone;
  }

  /** Builds {@link CostQuery}s; not thread-safe. */
  public static final class Builder {
    private @Nullable Instant since;
    private @Nullable Instant until;
    private CostGrouping groupBy = CostGrouping.DAY;
    private ZoneId zone = ZoneOffset.UTC;

    private Builder() {}

    public Builder since(@Nullable Instant since) {
      this.since = since;
      return this;
    }

    public Builder until(@Nullable Instant until) {
      this.until = until;
      return this;
    }

    public Builder groupBy(CostGrouping groupBy) {
      this.groupBy = Objects.requireNonNull(groupBy, "groupBy");
      return this;
    }

    /** The zone for {@link CostGrouping#DAY}; default UTC (pass {@code ZoneId.systemDefault()} for local days). */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** @throws IllegalArgumentException when {@code since} is after {@code until} */
    public CostQuery build() {
      if (since != null && until != null && since.isAfter(until)) {
        throw new IllegalArgumentException("since " + since + " is after until " + until);
      }
      return new CostQuery(this);
    }
  }
}
