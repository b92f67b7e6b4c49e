package dev.darkroom.internal.http;

import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.Sleeper;
import dev.darkroom.TransportException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a provider's batch job until it is finished: waits {@code initial}, then 1.5 times longer
 * each poll up to {@code max}. Up to 8 transient failures in a row are retried (after the delay the
 * provider asked for, else the current wait); the ninth, or any non-retryable failure, is thrown.
 */
public final class BatchPoller {
  private static final int MAX_TRANSIENT_FAILURES = 8;

  private final Duration initial;
  private final Duration max;
  private final Sleeper sleeper;

  public BatchPoller(Duration initial, Duration max, Sleeper sleeper) {
    this.initial = initial;
    this.max = max;
    this.sleeper = sleeper;
  }

  /**
   * @param poll fetches the current state
   * @param finished whether a state is final
   * @param onPoll told each state seen, including the last
   * @return the final state
   */
  public <T> T await(Supplier<T> poll, Predicate<T> finished, Consumer<T> onPoll) {
    Duration wait = initial;
    int transientFailures = 0;
    while (true) {
      T state;
      try {
        state = poll.get();
        transientFailures = 0;
      } catch (DarkroomException e) {
        if (!e.isRetryable() || ++transientFailures > MAX_TRANSIENT_FAILURES) {
          throw e;
        }
        sleep(e.retryAfter().orElse(wait));
        continue;
      }
      onPoll.accept(state);
      if (finished.test(state)) {
        return state;
      }
      sleep(wait);
      long next = Math.min(max.toMillis(), (long) (wait.toMillis() * 1.5));
      wait = Duration.ofMillis(Math.max(next, 1));
    }
  }

  /** Sleeps through the injected sleeper; an interrupt becomes a {@link TransportException}. */
  public void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for a batch", e, Details.none());
    }
  }
}
