package dev.darkroom.cli;

import dev.darkroom.GenerationListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The per-phase breakdown {@code --timings} prints on standard error. The command {@link #mark marks}
 * the end of each of its own steps; the library's steps inside the generation arrive through
 * {@link #onPhase} and are listed, summed by name, under it. Thread-safe; times are wall-clock
 * milliseconds from {@link System#nanoTime()}. When the command was not started by {@link Main} (e.g.
 * in a test), the JVM start and command parsing phases print as {@code n/a}.
 */
final class PhaseTimer implements GenerationListener {
  /** Phases of the command itself, in the order they are marked. */
  static final String JVM_START = "jvm start to main";
  static final String PARSING = "command parsing";
  static final String CATALOG = "catalog load";
  static final String REQUEST = "request building";
  static final String HISTORY_OPEN = "history open (incl. SQLite native library)";
  static final String CLIENT = "client build (HTTP client)";
  static final String GENERATION = "generation";
  static final String REPORT = "report";

  /** A timer that records and prints nothing, for commands run without {@code --timings}. */
  static final PhaseTimer OFF = new PhaseTimer(0, false, 0, false);

  private final long originNanos;
  private final boolean fromMain;
  private final boolean enabled;
  private final Map<String, Long> steps = new LinkedHashMap<>();
  private final Map<String, Long> inner = new LinkedHashMap<>();
  private long lastNanos;

  private PhaseTimer(long originNanos, boolean fromMain, long now, boolean enabled) {
    this.originNanos = originNanos;
    this.fromMain = fromMain;
    this.lastNanos = now;
    this.enabled = enabled;
  }

  /**
   * A timer whose first step, {@value #PARSING}, runs from {@link Main}'s entry (when it ran) to now:
   * call it first thing in the command's {@code call()}.
   */
  static PhaseTimer start() {
    long now = System.nanoTime();
    long entered = Main.enteredNanos();
    PhaseTimer t = entered == 0 ? new PhaseTimer(now, false, now, true) : new PhaseTimer(entered, true, entered, true);
    t.mark(PARSING);
    return t;
  }

  /** Ends the current step: the time since the previous mark is charged to {@code phase}. */
  synchronized void mark(String phase) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    steps.merge(phase, now - lastNanos, Long::sum);
    lastNanos = now;
  }

  @Override
  public synchronized void onPhase(int call, String phase, Duration took) {
    if (!enabled) {
      return;
    }
    inner.merge(phase, took.toNanos(), Long::sum);
  }

  /** Prints the breakdown, one phase a line, in the order the phases happened. */
  synchronized void print(PrintWriter err) {
    if (!enabled) {
      return;
    }
    err.println("darkroom: timings (wall ms)");
    row(err, JVM_START, jvmStartToMain(), 2);
    for (Map.Entry<String, Long> e : steps.entrySet()) {
      boolean unknown = e.getKey().equals(PARSING) && !fromMain;
      row(err, e.getKey(), unknown ? Optional.empty() : Optional.of(e.getValue()), 2);
      if (e.getKey().equals(GENERATION)) {
        long accounted = 0;
        for (Map.Entry<String, Long> i : inner.entrySet()) {
          row(err, i.getKey(), Optional.of(i.getValue()), 4);
          accounted += i.getValue();
        }
        row(err, "other", Optional.of(Math.max(0, e.getValue() - accounted)), 4);
      }
    }
    Optional<Long> jvm = jvmStartToMain();
    long sinceOrigin = System.nanoTime() - originNanos;
    row(err, "total", Optional.of(sinceOrigin + jvm.orElse(0L)), 2);
    err.flush();
  }

  /**
   * From the process's start to {@link Main}'s entry, on Linux from {@code /proc} (the kernel's start
   * time of the process against its uptime clock, to 10 ms); empty elsewhere or when not started by Main.
   */
  private Optional<Long> jvmStartToMain() {
    if (!fromMain) {
      return Optional.empty();
    }
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(fields[19]); // field 22 of stat, counted from field 3
      String uptime = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
      double upSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
      long sinceMain = System.nanoTime() - originNanos;
      long sinceStart = (long) ((upSeconds - startTicks / 100.0) * 1e9);
      return Optional.of(Math.max(0, sinceStart - sinceMain));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code progress}, also telling this timer the library's phases; {@code progress} itself when off. */
  GenerationListener around(GenerationListener progress) {
    if (!enabled) {
      return progress;
    }
    PhaseTimer timer = this;
    return new GenerationListener() {
      @Override
      public void onWarning(String message) {
        progress.onWarning(message);
      }

      @Override
      public void onAttempt(int call, int attempt) {
        progress.onAttempt(call, attempt);
      }

      @Override
      public void onRetry(int call, int attempt, Duration delay, dev.darkroom.DarkroomException cause) {
        progress.onRetry(call, attempt, delay, cause);
      }

      @Override
      public void onThought(int call, String text) {
        progress.onThought(call, text);
      }

      @Override
      public void onProgress(int call, int step, int total) {
        progress.onProgress(call, step, total);
      }

      @Override
      public void onPartialImage(int call, int index, dev.darkroom.GeneratedImage partial) {
        progress.onPartialImage(call, index, partial);
      }

      @Override
      public void onImageSaved(int call, java.nio.file.Path path, dev.darkroom.GeneratedImage image) {
        progress.onImageSaved(call, path, image);
      }

      @Override
      public void onCallSucceeded(int call, dev.darkroom.Generation generation) {
        progress.onCallSucceeded(call, generation);
      }

      @Override
      public void onCallFailed(int call, dev.darkroom.DarkroomException error) {
        progress.onCallFailed(call, error);
      }

      @Override
      public void onPhase(int call, String phase, Duration took) {
        progress.onPhase(call, phase, took);
        timer.onPhase(call, phase, took);
      }
    };
  }

  private static void row(PrintWriter err, String name, Optional<Long> nanos, int indent) {
    String value = nanos.map(n -> String.format(Locale.ROOT, "%8.1f", n / 1e6)).orElse("     n/a");
    err.println(" ".repeat(indent) + String.format(Locale.ROOT, "%-" + (48 - indent) + "s", name) + value);
  }
}
