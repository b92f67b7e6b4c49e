package dev.darkroom.cli;

import dev.darkroom.DarkroomException;
import dev.darkroom.ErrorKind;
import dev.darkroom.GeneratedImage;
import dev.darkroom.GenerationListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Shows progress on standard error while images are generated. On a terminal, one line redrawn in
 * place: a spinner, elapsed seconds, the attempt, and "retrying in 34 s after 429 rate limit…".
 * Elsewhere, a plain line per retry only. Warnings are printed once each, prefixed {@code warning:},
 * or only collected in JSON mode. Streamed thoughts are shown dimmed when asked for.
 */
final class ConsoleProgress implements GenerationListener, AutoCloseable {
  private static final String SPINNER = "|/-\\";
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean json;
  private final boolean showThoughts;
  private final Clock clock;
  private final long startMillis;
  private final String what;
  private final Set<String> warnings = new LinkedHashSet<>();
  private final @Nullable ScheduledExecutorService ticker;
  private int frame;
  private int attempt = 1;
  private String retryReason = "";
  private long retryAtMillis;
  private boolean lineDrawn;
  private boolean thinking;
  private String partials = "";
  private String status = "";

  /**
   * @param what what is being made, e.g. {@code 3 images with gemini-3-pro-image}
   * @param json whether results go to standard output as JSON (stderr stays quiet off a terminal)
   */
  ConsoleProgress(PrintWriter err, Environment env, String what, boolean json, boolean showThoughts) {
    this.err = err;
    this.terminal = env.terminal();
    this.json = json;
    this.showThoughts = showThoughts && !json;
    this.clock = env.clock();
    this.startMillis = clock.millis();
    this.what = what;
    this.ticker = terminal ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "darkroom-progress");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /** Starts redrawing the progress line, on a terminal. */
  void start() {
    if (ticker != null) {
      ticker.scheduleAtFixedRate(this::redraw, 0, 200, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A short note shown on the terminal line after the elapsed time, e.g. {@code 3/4 panels};
   * nothing is printed off a terminal.
   */
  synchronized void status(String text) {
    status = text.isEmpty() ? "" : "  " + text;
  }

  /** Warnings received so far, in order, without duplicates. */
  synchronized List<String> warnings() {
    return new ArrayList<>(warnings);
  }

  /** Prints a warning (once) unless in JSON mode, where it is only collected. */
  @Override
  public synchronized void onWarning(String message) {
    if (warnings.add(message) && !json) {
      clearLine();
      err.println("warning: " + message);
      err.flush();
    }
  }

  @Override
  public synchronized void onAttempt(int call, int attemptNumber) {
    attempt = Math.max(attempt, attemptNumber);
    if (attemptNumber > 1) {
      retryReason = "";
    }
  }

  @Override
  public synchronized void onRetry(int call, int failedAttempt, Duration delay, DarkroomException cause) {
    String reason = describe(cause);
    long seconds = (delay.toMillis() + 999) / 1000;
    retryReason = reason;
    retryAtMillis = clock.millis() + delay.toMillis();
    if (!terminal && !json) {
      err.println("darkroom: attempt " + failedAttempt + (call > 0 ? " of image " + (call + 1) : "")
          + " failed (" + reason + "); retrying in " + seconds + " s");
      err.flush();
    }
  }

  @Override
  public synchronized void onThought(int call, String text) {
    if (!showThoughts) {
      return;
    }
    if (!thinking) {
      clearLine();
      thinking = true;
    }
    err.print(terminal ? "\033[2m" + text + "\033[0m" : text);
    err.flush();
  }

  /** Off a terminal (and not in JSON mode), one line per streamed partial image; on one, it shows on the progress line. */
  @Override
  public synchronized void onPartialImage(int call, int index, GeneratedImage partial) {
    partials = "  partial image " + (index + 1) + " received";
    if (!terminal && !json) {
      err.println("darkroom: partial image " + (index + 1) + (call > 0 ? " of image " + (call + 1) : "") + " ("
          + partial.width() + "x" + partial.height() + partial.path().map(p -> ", saved to " + p).orElse("") + ")");
      err.flush();
    }
  }

  /** Stops the progress line and erases it; idempotent. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (thinking) {
      err.println();
      thinking = false;
    }
    clearLine();
    err.flush();
  }

  private synchronized void redraw() {
    if (thinking || ticker.isShutdown()) {
      return;
    }
    long seconds = (clock.millis() - startMillis) / 1000;
    frame = (frame + 1) % SPINNER.length();
    String retry = "";
    if (!retryReason.isEmpty()) {
      long left = Math.max(0, (retryAtMillis - clock.millis() + 999) / 1000);
      retry = "  retrying in " + left + " s after " + retryReason + "…";
    }
    err.print(CLEAR_LINE + SPINNER.charAt(frame) + " generating " + what + "  " + seconds + " s" + status
        + (attempt > 1 ? "  attempt " + attempt : "") + partials + retry);
    err.flush();
    lineDrawn = true;
  }

  private void clearLine() {
    if (lineDrawn) {
      err.print(CLEAR_LINE);
      lineDrawn = false;
    }
  }

  /** E.g. {@code 429 rate limit}, {@code 503 server error}, {@code network error}. */
  static String describe(DarkroomException cause) {
    String kind = switch (cause.kind()) {
      case QUOTA -> "rate limit";
      case SERVER -> "server error";
      case TRANSPORT -> "network error";
      case MALFORMED_RESPONSE -> "malformed response";
      case TIMEOUT -> "timeout";
      default -> cause.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
    return cause.httpStatus() > 0 && cause.kind() != ErrorKind.TRANSPORT ? cause.httpStatus() + " " + kind : kind;
  }
}
