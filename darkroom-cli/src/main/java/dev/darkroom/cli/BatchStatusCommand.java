package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.spi.ProviderBatch;
import dev.darkroom.history.BatchJobRecord;
import dev.darkroom.history.BatchJobStatus;
import dev.darkroom.history.BatchJournal;
import dev.darkroom.history.BatchRunRecord;
import dev.darkroom.history.BatchRunState;
import dev.darkroom.history.History;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code darkroom batch status RUN_ID}: the journal's view of a run, and its provider batches' state. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a batch run: jobs done, failed and pending, spend, and the state of its Batch API batches.")
final class BatchStatusCommand implements Callable<Integer>, JsonReporting {
  @Spec CommandSpec spec;
  @ParentCommand BatchCommand parent;

  @Parameters(index = "0", paramLabel = "RUN_ID") String runId;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HomeOptions home;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    Environment env = parent.env();
    BatchRunRecord run;
    List<BatchJobRecord> jobs;
    // Jobs this run left pending that another run (a re-run of the job file, say) has done, file still there.
    java.util.Set<String> doneElsewhere = new java.util.TreeSet<>();
    int doneByOthers = 0;
    try (History history = home.open(env, HomeOptions.DEFAULT_STALE_AFTER)) {
      BatchJournal journal = history.batchJournal();
      run = journal.run(runId).orElseThrow(() -> CliException.usage("no batch run " + runId + " in " + home.file(env)));
      jobs = journal.jobs(runId);
      for (BatchJobRecord j : jobs) {
        if (j.status() == BatchJobStatus.PENDING) {
          java.util.Optional<BatchJobRecord> other = journal.done(j.key())
              .filter(r -> java.nio.file.Files.exists(r.outputPath()));
          if (other.isPresent() && !other.get().runId().equals(runId)) {
            doneElsewhere.add(other.get().runId());
            doneByOthers++;
          }
        }
      }
    }
    Map<BatchJobStatus, Integer> counts = new EnumMap<>(BatchJobStatus.class);
    BigDecimal spent = BigDecimal.ZERO;
    for (BatchJobRecord j : jobs) {
      counts.merge(j.status(), 1, Integer::sum);
      spent = spent.add(j.costUsd());
    }
    counts.merge(BatchJobStatus.PENDING, -doneByOthers, Integer::sum);
    counts.merge(BatchJobStatus.DONE, doneByOthers, Integer::sum);
    // A run still journaled as running with nothing left was killed and finished by others.
    boolean nothingLeft = counts.getOrDefault(BatchJobStatus.PENDING, 0) == 0
        && counts.getOrDefault(BatchJobStatus.SUBMITTED, 0) == 0;
    BatchRunState state = run.state() == BatchRunState.RUNNING && nothingLeft ? BatchRunState.FINISHED : run.state();
    ObjectNode root = Json.object();
    root.put("runId", run.runId()).put("jobFile", run.jobFile().toString()).put("via", run.via())
        .put("state", state.name()).put("jobs", jobs.size()).put("spentUsd", Json.usd(spent));
    for (BatchJobStatus s : BatchJobStatus.values()) {
      root.put(s.name().toLowerCase(java.util.Locale.ROOT), counts.getOrDefault(s, 0));
    }
    root.put("doneByOtherRuns", doneByOthers);
    ArrayNode otherRuns = root.putArray("otherRuns");
    doneElsewhere.forEach(otherRuns::add);
    ArrayNode batches = root.putArray("batches");
    if (!run.batchNames().isEmpty()) {
      ModelCatalog catalog = CatalogLoader.load(env, modelTable);
      try (BatchSession session = new BatchSession(env, connection, home, catalog, BatchOptions.defaults(), 0,
          BatchListener.NONE, BatchSession.providersOf(null, run.batchNames()), true)) {
        for (String name : run.batchNames()) {
          ObjectNode b = batches.addObject().put("name", name);
          try {
            ProviderBatch batch = session.runner.batch(name);
            b.put("state", batch.phase().name()).put("providerState", batch.providerState())
                .put("describe", batch.describeState()).put("requests", batch.requests())
                .put("succeeded", batch.succeeded()).put("failed", batch.failed());
          } catch (DarkroomException e) {
            b.put("state", "UNKNOWN").put("error", Failure.oneLine(String.valueOf(e.getMessage())));
          }
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ArrayNode failed = root.putArray("failures");
      jobs.stream().filter(j -> j.status() == BatchJobStatus.FAILED).forEach(j -> failed.addObject()
          .put("job", j.index()).put("name", j.name()).put("kind", j.errorKind()).put("message", j.errorMessage()));
      Json.print(out, root);
    } else {
      String stateText = state == BatchRunState.RUNNING
          ? "running, or interrupted: resume with 'darkroom batch resume " + run.runId() + "'"
          : state.name().toLowerCase(java.util.Locale.ROOT);
      out.println("run " + run.runId() + " (" + run.via() + ", " + stateText + ") of " + env.display(run.jobFile()));
      out.println("  " + counts.getOrDefault(BatchJobStatus.DONE, 0) + " done, "
          + counts.getOrDefault(BatchJobStatus.FAILED, 0) + " failed, "
          + counts.getOrDefault(BatchJobStatus.SUBMITTED, 0) + " waiting in a batch, "
          + counts.getOrDefault(BatchJobStatus.PENDING, 0) + " pending, of " + jobs.size()
          + "; spent " + Formats.usd4(spent));
      if (doneByOthers > 0) {
        out.println("  " + doneByOthers + " of the done jobs were done by later runs: " + String.join(", ", doneElsewhere));
      }
      batches.forEach(b -> out.println("  " + b.path("name").asText() + ": "
          + (b.has("describe") ? b.path("describe").asText() : b.path("state").asText())
          + (b.has("requests") ? " (" + b.path("succeeded").asLong() + " of " + b.path("requests").asLong() + " succeeded)" : "")
          + (b.has("error") ? " " + b.path("error").asText() : "")));
      jobs.stream().filter(j -> j.status() == BatchJobStatus.FAILED)
          .forEach(j -> out.println("  failed: " + j.name() + ": " + Failure.oneLine(String.valueOf(j.errorMessage()))));
      out.flush();
    }
    return ExitCodes.OK;
  }
}
