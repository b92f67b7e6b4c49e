package dev.darkroom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.Generation;
import dev.darkroom.batch.BatchJob;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.spi.ProviderBatch;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Shows a batch run's progress on standard error. On a terminal (and without {@code --json}): one
 * line redrawn in place, {@code [#####.....] 12/30 done · 1 failed · 17 left · $0.47 · ETA 0:42},
 * with failures and warnings printed above it. Otherwise one JSON object per line per event
 * ({@code start}, {@code done}, {@code failed}, {@code retry}, {@code pause}, {@code batch},
 * {@code warning}, {@code cost_limit}), each with the running counts; on Ctrl-C, {@code interrupted}
 * with the run id and the command that resumes it.
 */
final class BatchProgress implements BatchListener, AutoCloseable {
  private static final ObjectMapper LINES = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintWriter err;
  private final boolean bar;
  private final long startMillis;
  private final java.time.Clock clock;
  private final @Nullable ScheduledExecutorService ticker;
  private int toRun;
  private int done;
  private int failed;
  private BigDecimal spent = BigDecimal.ZERO;
  private String status = "";
  private boolean drawn;
  private final java.util.Set<String> warned = new java.util.HashSet<>();
  private final InterruptNotice interrupts;
  private InterruptNotice.@Nullable Registration onInterrupt;
  private BatchOptions.@Nullable Concurrency concurrency;

  BatchProgress(PrintWriter err, Environment env, boolean json) {
    this.err = err;
    this.interrupts = env.interrupts();
    this.bar = env.terminal() && !json;
    this.clock = env.clock();
    this.startMillis = clock.millis();
    this.ticker = bar ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "darkroom-batch-progress");
      t.setDaemon(true);
      return t;
    }) : null;
    if (ticker != null) {
      ticker.scheduleAtFixedRate(this::redraw, 200, 200, TimeUnit.MILLISECONDS);
    }
  }

  /** The concurrency of a direct run, shown with the start event ({@code concurrency}, {@code concurrencyFrom}). */
  synchronized void concurrency(BatchOptions.Concurrency c) {
    this.concurrency = c;
  }

  @Override
  public synchronized void onStart(String runId, int total, int alreadyDone, int toRun, BigDecimal estimatedUsd) {
    this.toRun = toRun;
    String resume = "darkroom batch resume " + runId;
    String interrupted = bar
        ? CLEAR_LINE + "darkroom: interrupted; run " + runId + ": jobs in flight may be billed; resume with '" + resume
            + "' (or run the job file again)"
        : "{\"event\":\"interrupted\",\"runId\":" + Json.MAPPER.valueToTree(runId) + ",\"resume\":"
            + Json.MAPPER.valueToTree(resume) + "}";
    // Runs on the shutdown hook's thread: prints directly, without this object's lock.
    onInterrupt = interrupts.register(() -> {
      err.println(interrupted);
      err.flush();
    });
    ObjectNode e = event("start").put("runId", runId).put("total", total).put("alreadyDone", alreadyDone)
        .put("toRun", toRun).put("estimatedUsd", Json.usd(estimatedUsd));
    BatchOptions.Concurrency c = concurrency;
    if (c != null) {
      e.put("concurrency", c.value()).put("concurrencyFrom", c.source());
    }
    if (bar) {
      say("run " + runId + ": " + Formats.count(toRun, "job") + " to run"
          + (alreadyDone > 0 ? ", " + alreadyDone + " already done" : "") + " (estimated " + Formats.usd(estimatedUsd) + ")"
          + (c == null || toRun == 0 ? "" : ", " + c.value() + " at a time"
              + (c.source().equals("engine") ? " (the engine's backends)" : "")));
    } else {
      line(e);
    }
  }

  @Override
  public synchronized void onWarning(String message) {
    if (!warned.add(message)) {
      return;
    }
    if (bar) {
      say("warning: " + message);
    } else {
      line(event("warning").put("message", message));
    }
  }

  @Override
  public synchronized void onJobDone(BatchJob job, Generation generation) {
    done++;
    spent = spent.add(generation.costUsd());
    if (!bar) {
      ObjectNode e = job(event("done"), job).put("costUsd", Json.usd(generation.costUsd()));
      generation.images().stream().findFirst().flatMap(i -> i.path()).ifPresent(p -> e.put("path", p.toString()));
      line(e);
    }
  }

  @Override
  public synchronized void onJobFailed(BatchJob job, DarkroomException error) {
    failed++;
    if (bar) {
      say("failed: " + job.name() + ": " + Failure.oneLine(String.valueOf(error.getMessage())));
    } else {
      line(job(event("failed"), job).put("kind", error.kind().name()).put("message", String.valueOf(error.getMessage())));
    }
  }

  @Override
  public synchronized void onRetry(BatchJob job, int attempt, Duration delay, DarkroomException cause) {
    if (bar) {
      status = "retrying " + job.name() + " in " + seconds(delay) + " (" + cause.kind().name().toLowerCase(java.util.Locale.ROOT) + ")";
    } else {
      line(job(event("retry"), job).put("attempt", attempt).put("delayMs", delay.toMillis())
          .put("kind", cause.kind().name()));
    }
  }

  @Override
  public synchronized void onPause(Duration delay, DarkroomException cause) {
    if (bar) {
      status = "rate limited: all workers pause " + seconds(delay);
    } else {
      line(event("pause").put("delayMs", delay.toMillis()).put("status", cause.httpStatus()));
    }
  }

  @Override
  public synchronized void onCostLimitReached(BigDecimal spentUsd, BigDecimal limitUsd) {
    if (bar) {
      say("cost limit reached: spent " + Formats.usd(spentUsd) + " of " + Formats.usd(limitUsd) + "; no new jobs start");
    } else {
      line(event("cost_limit").put("spentUsd", Json.usd(spentUsd)).put("limitUsd", Json.usd(limitUsd)));
    }
  }

  @Override
  public synchronized void onBatchState(ProviderBatch batch) {
    if (bar) {
      status = batch.name() + " " + batch.describeState() + (batch.requests() > 0 ? " (" + batch.requests() + " requests)" : "");
    } else {
      line(event("batch").put("name", batch.name()).put("state", batch.phase().name())
          .put("providerState", batch.providerState()).put("requests", batch.requests())
          .put("succeeded", batch.succeeded()).put("failed", batch.failed()));
    }
  }

  private ObjectNode event(String type) {
    ObjectNode e = LINES.createObjectNode().put("event", type);
    e.put("done", done).put("failed", failed).put("remaining", Math.max(0, toRun - done - failed))
        .put("spentUsd", Json.usd(spent));
    return e;
  }

  private static ObjectNode job(ObjectNode e, BatchJob job) {
    return e.put("job", job.index()).put("name", job.name()).put("output", job.output().toString());
  }

  private void line(ObjectNode e) {
    try {
      err.println(LINES.writeValueAsString(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
    err.flush();
  }

  private void say(String text) {
    clear();
    err.println(text);
    err.flush();
  }

  private void clear() {
    if (drawn) {
      err.print(CLEAR_LINE);
      drawn = false;
    }
  }

  private synchronized void redraw() {
    int width = 20;
    int finished = done + failed;
    int filled = toRun == 0 ? width : Math.min(width, finished * width / toRun);
    long elapsed = clock.millis() - startMillis;
    String eta = finished == 0 || finished >= toRun ? "" : " · ETA " + clockTime(elapsed * (toRun - finished) / finished);
    err.print(CLEAR_LINE + "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + toRun + " done · "
        + failed + " failed · " + Math.max(0, toRun - finished) + " left · " + Formats.usd(spent) + eta
        + (status.isEmpty() ? "" : " · " + status));
    err.flush();
    drawn = true;
  }

  private static String clockTime(long millis) {
    long s = millis / 1000;
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  @Override
  public synchronized void close() {
    if (onInterrupt != null) {
      onInterrupt.close();
    }
    if (ticker != null) {
      ticker.shutdownNow();
    }
    clear();
    err.flush();
  }
}
