package dev.darkroom.history.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The process that wrote a row: its pid and start time, so a later reader can tell whether the
 * writer is still alive. The start time guards against pid reuse after a reboot or wrap-around.
 *
 * @param pid the operating-system process id
 * @param startedMs the process start time in epoch milliseconds, or null when the platform does not say
 */
public record ProcessOwner(long pid, @Nullable Long startedMs) {
  private static final long START_TOLERANCE_MS = Duration.ofSeconds(2).toMillis();

  /** This JVM. */
  public static ProcessOwner current() {
    ProcessHandle self = ProcessHandle.current();
    return new ProcessOwner(self.pid(), self.info().startInstant().map(Instant::toEpochMilli).orElse(null));
  }

  /**
   * Whether this process is still running on this machine. A pid that now belongs to a process
   * started at a different time counts as gone.
   */
  public boolean isAlive() {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    if (startedMs == null) {
      return true;
    }
    return handle.get().info().startInstant()
        .map(s -> Math.abs(s.toEpochMilli() - startedMs) <= START_TOLERANCE_MS)
        .orElse(true);
  }
}
