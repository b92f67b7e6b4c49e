package dev.darkroom;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before trying a failed call again.
 *
 * <p>Retried: rate limits (429, except per-day quotas), 500, 502, 503, 504, connection failures,
 * truncated or malformed responses. Never retried: 400, 401, 402, 403, 404, blocked content, missing
 * images, timeouts (a timed-out call may already be billed). A delay the provider asks for (RetryInfo,
 * Retry-After) is honoured; otherwise the delay is exponential with full jitter:
 * {@code random(0, min(maxBackoff, initialBackoff × 2^(attempt-1)))}. No retry starts after
 * {@code maxElapsed} from the first attempt.
 *
 * <p>Defaults: 4 attempts, 2 s initial backoff, 60 s cap, 10 minutes overall.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxElapsed;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxElapsed = b.maxElapsed;
  }

  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public Duration maxElapsed() {
    return maxElapsed;
  }

  /**
   * The wait before attempt {@code failedAttempt + 1}.
   *
   * @param failedAttempt 1 for the first attempt
   * @param requested the provider's requested delay, or null
   * @param random a source of uniform values in [0, 1)
   */
  public Duration delayAfter(int failedAttempt, Duration requested, DoubleSupplier random) {
    if (requested != null) {
      // Honour the provider, plus up to 10% jitter so parallel callers do not return in lockstep.
      return requested.plusMillis((long) (requested.toMillis() * 0.1 * random.getAsDouble()));
    }
    double ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * Math.pow(2, failedAttempt - 1));
    return Duration.ofMillis((long) (ceiling * random.getAsDouble()));
  }

  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofSeconds(2);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private Duration maxElapsed = Duration.ofMinutes(10);

    /** Total attempts including the first, at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Objects.requireNonNull(initialBackoff);
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Objects.requireNonNull(maxBackoff);
      return this;
    }

    /** No retry starts once this much time has passed since the first attempt. */
    public Builder maxElapsed(Duration maxElapsed) {
      this.maxElapsed = Objects.requireNonNull(maxElapsed);
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
