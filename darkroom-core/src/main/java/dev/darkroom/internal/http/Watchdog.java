package dev.darkroom.internal.http;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a whole-request deadline on blocking work in the calling thread: at the deadline the
 * thread is interrupted, which aborts a blocked HTTP send or body read. Use one per attempt:
 * {@code try (Watchdog w = Watchdog.arm(...)) { ...; } } then {@link #fired()}.
 */
public final class Watchdog implements AutoCloseable {
  private final Object lock = new Object();
  private final Thread thread;
  private final ScheduledFuture<?> task;
  private boolean done;
  private boolean fired;

  private Watchdog(ScheduledExecutorService scheduler, Duration timeout) {
    this.thread = Thread.currentThread();
    this.task = scheduler.schedule(this::fire, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  public static Watchdog arm(ScheduledExecutorService scheduler, Duration timeout) {
    return new Watchdog(scheduler, timeout);
  }

  private void fire() {
    synchronized (lock) {
      if (!done) {
        fired = true;
        thread.interrupt();
      }
    }
  }

  /** Whether the deadline passed before {@link #close()}. */
  public boolean fired() {
    synchronized (lock) {
      return fired;
    }
  }

  /** Disarms; clears the interrupt this watchdog caused, so it never leaks to the caller. */
  @Override
  public void close() {
    synchronized (lock) {
      done = true;
      if (fired) {
        Thread.interrupted();
      }
    }
    task.cancel(false);
  }
}
