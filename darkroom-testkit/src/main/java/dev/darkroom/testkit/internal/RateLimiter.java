package dev.darkroom.testkit.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.LongSupplier;

/** A sliding one-minute window of admitted requests. Thread-safe. */
public final class RateLimiter {
  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  private final ArrayDeque<Long> admitted = new ArrayDeque<>();
  private final LongSupplier nanoClock;
  private int perMinute;

  public RateLimiter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Sets the limit; 0 turns limiting off and forgets past requests. */
  public synchronized void perMinute(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("rateLimitPerMinute must be >= 0, got " + limit);
    }
    perMinute = limit;
    if (limit == 0) {
      admitted.clear();
    }
  }

  public synchronized int perMinute() {
    return perMinute;
  }

  /**
   * Admits one request, or says how long until a slot frees up when the limit is reached
   * (rejected requests do not use up a slot).
   */
  public synchronized Optional<Duration> tryAcquire() {
    if (perMinute == 0) {
      return Optional.empty();
    }
    long now = nanoClock.getAsLong();
    while (!admitted.isEmpty() && now - admitted.peekFirst() >= MINUTE_NANOS) {
      admitted.removeFirst();
    }
    if (admitted.size() < perMinute) {
      admitted.addLast(now);
      return Optional.empty();
    }
    long waitNanos = MINUTE_NANOS - (now - admitted.peekFirst());
    return Optional.of(Duration.ofSeconds((waitNanos + 999_999_999L) / 1_000_000_000L));
  }
}
