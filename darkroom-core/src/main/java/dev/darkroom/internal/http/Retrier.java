package dev.darkroom.internal.http;

import dev.darkroom.DarkroomException;
import dev.darkroom.RetryPolicy;
import dev.darkroom.Sleeper;
import dev.darkroom.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/** Runs one logical call under a {@link RetryPolicy}, with injected clock, sleeper and randomness. */
public final class Retrier {
  /** One attempt of the call; {@code attempt} is 1-based. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run(int attempt);
  }

  /** Told about each retry before the wait. */
  @FunctionalInterface
  public interface RetryObserver {
    void onRetry(int failedAttempt, Duration delay, DarkroomException cause);
  }

  /** The value of a successful call and how many attempts it took. */
  public record Outcome<T>(T value, int attempts) {}

  private final RetryPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  public Retrier(RetryPolicy policy, Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /**
   * Runs {@code attempt} until it succeeds, fails with a non-retryable error, runs out of attempts,
   * or the next wait would end past {@code maxElapsed}. Throws the last failure.
   */
  public <T> Outcome<T> run(Attempt<T> attempt, RetryObserver observer) {
    Instant start = clock.instant();
    for (int n = 1; ; n++) {
      try {
        return new Outcome<>(attempt.run(n), n);
      } catch (DarkroomException e) {
        if (!e.isRetryable() || n >= policy.maxAttempts()) {
          throw e;
        }
        Duration delay = policy.delayAfter(n, e.retryAfter().orElse(null), random);
        Instant resumeAt = clock.instant().plus(delay);
        if (resumeAt.isAfter(start.plus(policy.maxElapsed()))) {
          throw e;
        }
        observer.onRetry(n, delay, e);
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          TransportException cancelled = new TransportException(
              "interrupted while waiting to retry: " + e.getMessage(), ie, DarkroomException.Details.none());
          cancelled.addSuppressed(e);
          throw cancelled;
        }
      }
    }
  }
}
