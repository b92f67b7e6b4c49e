package dev.darkroom.cli;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * What to tell the user when the process is interrupted (Ctrl-C, SIGTERM) while a command is at work:
 * whether calls may have been billed, their history ids, how to resume. A command registers a report
 * for the time it works; {@link Main}'s shutdown hook calls {@link #interrupted()}, which runs the
 * report registered then, if any, at most once. Thread-safe.
 */
public final class InterruptNotice {
  private final AtomicReference<@Nullable Runnable> current = new AtomicReference<>();

  /** Clears the report it registered when closed. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Registers {@code report} until the returned registration is closed, replacing any other. */
  Registration register(Runnable report) {
    current.set(report);
    return () -> current.compareAndSet(report, null);
  }

  /**
   * Runs the report registered now, if any (never twice). Called from a shutdown hook: the report must
   * not wait on locks the interrupted command may hold.
   */
  public void interrupted() {
    Runnable report = current.getAndSet(null);
    if (report != null) {
      report.run();
    }
  }
}
