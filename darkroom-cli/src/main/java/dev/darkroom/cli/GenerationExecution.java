package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.ModelCatalog;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Sends a built request and reports the outcome, as {@code generate} and {@code rerun} both do:
 * progress on standard error, a client from the connection options, every call recorded in the
 * history under a fresh run id (unless none is given), then the text or JSON report and the exit code.
 */
final class GenerationExecution {
  private final Environment env;
  private final CommandLine commandLine;
  private final ConnectionOptions connection;
  private final ModelCatalog catalog;
  private final int maxInputSide;
  private final boolean json;
  private PhaseTimer timer = PhaseTimer.OFF;

  /** @param maxInputSide longest side of reference images in pixels, 0 to send them unchanged */
  GenerationExecution(Environment env, CommandLine commandLine, ConnectionOptions connection, ModelCatalog catalog,
      int maxInputSide, boolean json) {
    this.env = env;
    this.commandLine = commandLine;
    this.connection = connection;
    this.catalog = catalog;
    this.maxInputSide = maxInputSide;
    this.json = json;
  }

  /** Marks this execution's steps on {@code timer} and prints it after {@link #generate}'s report. */
  GenerationExecution timed(PhaseTimer timer) {
    this.timer = timer;
    return this;
  }

  /** Prints what would be sent and its estimated cost; sends and records nothing. */
  int dryRun(ImageRequest request) {
    try (ConsoleProgress progress = new ConsoleProgress(commandLine.getErr(), env, "", json, false);
        Darkroom client = ClientFactory.create(env, connection, catalog, progress, maxInputSide, GenerationRecorder.NONE,
            request.model().provider())) {
      DryRunReport.print(commandLine.getOut(), client.dryRun(request), request, json, progress.warnings());
      return ExitCodes.OK;
    }
  }

  /**
   * Generates, saves and reports.
   *
   * @param history where to record the calls, or null not to record them
   * @param rerunOf the history id this request repeats, or null for a new request
   */
  int generate(ImageRequest request, SaveOptions save, boolean showThoughts, @Nullable History history,
      @Nullable Long rerunOf) {
    String runId = history == null ? null : history.newRunId();
    GenerationRecorder recorder = history == null ? GenerationRecorder.NONE : history.withRun(runId);
    String what = Formats.count(request.count(), "image") + " with " + request.model().id()
        + (rerunOf == null ? "" : " (rerun of #" + rerunOf + ")");
    try (InterruptNotice.Registration onInterrupt = env.interrupts().register(() -> interrupted(history, runId));
        ConsoleProgress progress = new ConsoleProgress(commandLine.getErr(), env, what, json, showThoughts);
        Darkroom client = ClientFactory.create(env, connection, catalog, timer.around(progress), maxInputSide,
            recorder, request.model().provider())) {
      timer.mark(PhaseTimer.CLIENT);
      progress.start();
      ImageResult result = client.generate(request, save);
      progress.close();
      timer.mark(PhaseTimer.GENERATION);
      int code = report(result, progress.warnings(), runId, rerunOf);
      timer.mark(PhaseTimer.REPORT);
      timer.print(commandLine.getErr());
      return code;
    }
  }

  /**
   * Says, on Ctrl-C, whether calls had been sent (and so may be billed) and their history ids: a row is
   * written before each call is sent, so the run's rows are exactly the calls sent.
   */
  private void interrupted(@Nullable History history, @Nullable String runId) {
    PrintWriter err = commandLine.getErr();
    String message;
    if (history == null || runId == null) {
      message = "interrupted; a call may already have been sent and billed (not recorded: --no-history)";
    } else {
      try {
        List<Long> ids = history.list(HistoryQuery.builder().runId(runId).limit(HistoryQuery.MAX_LIMIT).build())
            .stream().map(GenerationRecord::id).sorted().toList();
        message = ids.isEmpty() ? "interrupted before anything was sent; nothing is billed"
            : "interrupted; " + Formats.count(ids.size(), "call") + " had been sent and may be billed;"
                + " history " + String.join(", ", ids.stream().map(id -> "#" + id).toList())
                + " (see 'darkroom history show " + ids.get(0) + "')";
      } catch (RuntimeException e) {
        message = "interrupted; calls already sent may be billed; see 'darkroom history --run " + runId + "'";
      }
    }
    err.println((env.terminal() ? "\r\033[K" : "") + "darkroom: " + message);
    err.flush();
  }

  private int report(ImageResult result, List<String> warnings, @Nullable String runId, @Nullable Long rerunOf) {
    PrintWriter out = commandLine.getOut();
    if (json) {
      ObjectNode root = GenerationJson.of(result, warnings);
      root.put("runId", runId);
      if (rerunOf != null) {
        root.put("rerunOf", rerunOf);
      }
      Json.print(out, root);
    } else {
      if (rerunOf != null) {
        out.println("rerun of #" + rerunOf + " with " + result.request().model().id());
      }
      new GenerationReport(env, out).print(result);
      if (!result.failures().isEmpty()) {
        PrintWriter err = commandLine.getErr();
        int total = result.generations().size() + result.failures().size();
        err.println("darkroom: " + result.failures().size() + " of " + total + " calls failed");
        result.failures().forEach(f -> err.println("darkroom: " + Failure.oneLine(String.valueOf(f.getMessage()))));
        err.flush();
      }
    }
    return result.failures().isEmpty() ? ExitCodes.OK : ExitCodes.of(result.failures().get(0).kind());
  }
}
