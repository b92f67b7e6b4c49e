package dev.darkroom.batch.internal;

import dev.darkroom.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The one gate every attempt of a run passes before it is sent: requests are spaced evenly to stay
 * under a requests-per-minute limit (no bursts, so a sliding-window limiter at the provider never
 * sees more than the limit), and a pause set by any worker, such as the delay a 429's RetryInfo asks
 * for, holds back all of them. Time and waiting are injected so tests need not wait. Thread-safe.
 */
public final class RateGate {
  /** Requests are spaced this much wider than the limit, so clock jitter at either end cannot cross it. */
  static final double MARGIN = 1.02;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextSlot = Long.MIN_VALUE;
  private long pausedUntil = Long.MIN_VALUE;

  /**
   * @param requestsPerMinute the limit; 0 for none
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public RateGate(int requestsPerMinute, LongSupplier nanoTime, Sleeper sleeper) {
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException("requestsPerMinute must be 0 (no limit) or positive, got " + requestsPerMinute);
    }
    this.intervalNanos = requestsPerMinute == 0 ? 0 : (long) (60_000_000_000L * MARGIN / requestsPerMinute);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /**
   * Takes the next free slot (after any pause) and waits for it. The slot is reserved before waiting,
   * so callers queue in order and a sleeper that does not really wait (tests) still sees each delay once.
   */
  public void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long ready = now;
      if (pausedUntil != Long.MIN_VALUE && pausedUntil - ready > 0) {
        ready = pausedUntil;
      }
      if (intervalNanos > 0) {
        if (nextSlot != Long.MIN_VALUE && nextSlot - ready > 0) {
          ready = nextSlot;
        }
        nextSlot = ready + intervalNanos;
      }
      wait = ready - now;
    }
    if (wait > 0) {
      sleeper.sleep(Duration.ofNanos(wait));
    }
  }

  /** Holds every caller back for {@code delay} from now (a longer pause already set wins). */
  public synchronized void pauseFor(Duration delay) {
    long until = nanoTime.getAsLong() + delay.toNanos();
    if (pausedUntil == Long.MIN_VALUE || until - pausedUntil > 0) {
      pausedUntil = until;
    }
  }

  /** How long until the gate reopens after a pause; zero when it is open. */
  public synchronized Duration pausedFor() {
    long left = pausedUntil == Long.MIN_VALUE ? 0 : pausedUntil - nanoTime.getAsLong();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }
}
