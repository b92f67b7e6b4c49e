package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.batch.BatchPlan;
import dev.darkroom.batch.BatchSummary;
import java.io.PrintWriter;

/** Prints a batch summary (text or JSON) and picks the exit code. */
final class BatchReport {
  private BatchReport() {}

  static int print(PrintWriter out, BatchSummary s, boolean json) {
    if (json) {
      ObjectNode root = Json.object();
      root.put("runId", s.runId()).put("total", s.total()).put("alreadyDone", s.alreadyDone())
          .put("adopted", s.adopted()).put("done", s.done()).put("failed", s.failures().size())
          .put("notStarted", s.notStarted()).put("spentUsd", Json.usd(s.spentUsd()))
          .put("elapsedMs", s.elapsed().toMillis()).put("complete", s.complete());
      ArrayNode batches = root.putArray("batches");
      s.batches().forEach(batches::add);
      ArrayNode failures = root.putArray("failures");
      for (BatchSummary.Failure f : s.failures()) {
        failures.addObject().put("job", f.job().index()).put("name", f.job().name())
            .put("origin", f.job().origin()).put("output", f.job().output().toString())
            .put("kind", f.error().kind().name()).put("message", String.valueOf(f.error().getMessage()));
      }
      Json.print(out, root);
    } else {
      out.println("run " + s.runId() + ": " + s.done() + " done, " + s.failures().size() + " failed"
          + (s.alreadyDone() > 0 ? ", " + s.alreadyDone() + " already done" : "")
          + (s.adopted() > 0 ? ", " + s.adopted() + " recovered from an interrupted run" : "")
          + (s.notStarted() > 0 ? ", " + s.notStarted() + " not started" : "")
          + " of " + s.total() + "; spent " + Formats.usd4(s.spentUsd()) + " in " + seconds(s) + " s");
      for (String b : s.batches()) {
        out.println("submitted " + b + "; collect with: darkroom batch resume " + s.runId());
      }
      for (BatchSummary.Failure f : s.failures()) {
        out.println("  failed: " + f.job().origin() + ": " + Failure.oneLine(String.valueOf(f.error().getMessage())));
      }
      if (s.notStarted() > 0 && s.batches().isEmpty()) {
        out.println("resume with: darkroom batch resume " + s.runId());
      }
      out.flush();
    }
    if (!s.failures().isEmpty()) {
      return ExitCodes.of(s.failures().get(0).error().kind());
    }
    return s.notStarted() > 0 ? ExitCodes.OTHER : ExitCodes.OK;
  }

  private static String seconds(BatchSummary s) {
    return String.format(java.util.Locale.ROOT, "%.1f", s.elapsed().toMillis() / 1000.0);
  }

  static int dryRun(PrintWriter out, BatchPlan plan, int alreadyDone, boolean json) {
    var standard = BatchPlan.estimateCost(plan.jobs());
    var batch = BatchPlan.estimateBatchCost(plan.jobs());
    if (json) {
      ObjectNode root = Json.object();
      root.put("file", plan.file().toString()).put("jobs", plan.jobs().size()).put("alreadyDone", alreadyDone)
          .put("estimatedUsd", Json.usd(standard)).put("estimatedBatchApiUsd", Json.usd(batch));
      ArrayNode models = root.putArray("models");
      plan.models().forEach(models::add);
      ArrayNode jobs = root.putArray("jobList");
      plan.jobs().forEach(j -> jobs.addObject().put("job", j.index()).put("name", j.name()).put("key", j.key())
          .put("model", j.request().model().id()).put("prompt", j.request().prompt()).put("output", j.output().toString()));
      Json.print(out, root);
    } else {
      out.println(plan.file().getFileName() + ": " + Formats.count(plan.jobs().size(), "job")
          + " with " + String.join(", ", plan.models()) + (alreadyDone > 0 ? " (" + alreadyDone + " already done)" : ""));
      int shown = Math.min(5, plan.jobs().size());
      for (int i = 0; i < shown; i++) {
        var j = plan.jobs().get(i);
        out.println("  " + j.index() + ". " + j.output().getFileName() + "  " + Formats.firstLine(j.request().prompt(), 70));
      }
      if (plan.jobs().size() > shown) {
        out.println("  … and " + (plan.jobs().size() - shown) + " more");
      }
      boolean upTo = plan.jobs().stream().anyMatch(j -> dev.darkroom.Darkroom.estimate(j.request()).upperBound());
      out.println("estimated cost: " + (upTo ? "up to " : "") + Formats.usd(standard) + " standard, "
          + Formats.usd(batch) + " with --via batch-api" + (upTo ? " (--max-cost compares against the upper bound)" : ""));
      out.println("nothing was sent (dry run)");
      out.flush();
    }
    return ExitCodes.OK;
  }
}
