package dev.darkroom.history;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Spend over a time range, one {@link Line} per day, model or run, with what was paid for images
 * kept apart from what was paid for blocked, empty and failed calls. Costs are in USD at the model
 * table's standard prices, as recorded when each call completed.
 *
 * @param query what was summed
 * @param lines one per group, in the order {@link CostGrouping} describes
 * @param total all lines together (key {@code "total"})
 */
public record CostReport(CostQuery query, List<Line> lines, Line total) {
  public CostReport {
    Objects.requireNonNull(query);
    lines = List.copyOf(lines);
    Objects.requireNonNull(total);
  }

  /**
   * A count of calls and what they cost.
   *
   * @param count calls
   * @param costUsd their summed cost in USD
   */
  public record Tally(long count, BigDecimal costUsd) {
    public static final Tally ZERO = new Tally(0, BigDecimal.ZERO);

    Tally plus(long moreCount, BigDecimal moreCost) {
      return new Tally(count + moreCount, costUsd.add(moreCost));
    }

    Tally plus(Tally other) {
      return plus(other.count, other.costUsd);
    }
  }

  /**
   * One group's calls by outcome.
   *
   * @param key the day ({@code 2026-11-22}), model id or run id ({@code ""} for rows outside any run)
   * @param succeeded calls that produced images
   * @param blocked calls the provider refused; may still be billed for prompt tokens
   * @param noImage calls that returned no image
   * @param failed calls that failed (quota, server, network …); usually not billed
   * @param interrupted calls still running or whose process died; their cost is unknown and counted as zero
   * @param engineTime summed time local engines reported spending (GPU time); zero for cloud calls, which
   *     cost money instead
   */
  public record Line(String key, Tally succeeded, Tally blocked, Tally noImage, Tally failed, Tally interrupted,
      java.time.Duration engineTime) {
    static Line empty(String key) {
      return new Line(key, Tally.ZERO, Tally.ZERO, Tally.ZERO, Tally.ZERO, Tally.ZERO, java.time.Duration.ZERO);
    }

    /** All calls of this line. */
    public Tally all() {
      return succeeded.plus(blocked).plus(noImage).plus(failed).plus(interrupted);
    }

    /** Everything this line cost, in USD. */
    public BigDecimal totalCostUsd() {
      return all().costUsd();
    }

    Line plus(GenerationStatus status, BigDecimal cost, java.time.Duration engine) {
      java.time.Duration e = engineTime.plus(engine);
      return switch (status) {
        case SUCCEEDED -> new Line(key, succeeded.plus(1, cost), blocked, noImage, failed, interrupted, e);
        case BLOCKED -> new Line(key, succeeded, blocked.plus(1, cost), noImage, failed, interrupted, e);
        case NO_IMAGE -> new Line(key, succeeded, blocked, noImage.plus(1, cost), failed, interrupted, e);
        case FAILED -> new Line(key, succeeded, blocked, noImage, failed.plus(1, cost), interrupted, e);
        case RUNNING, INTERRUPTED -> new Line(key, succeeded, blocked, noImage, failed, interrupted.plus(1, cost), e);
      };
    }

    Line plus(Line other) {
      return new Line(key, succeeded.plus(other.succeeded), blocked.plus(other.blocked), noImage.plus(other.noImage),
          failed.plus(other.failed), interrupted.plus(other.interrupted), engineTime.plus(other.engineTime));
    }
  }
}
