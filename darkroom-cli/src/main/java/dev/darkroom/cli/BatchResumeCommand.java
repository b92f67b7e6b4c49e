package dev.darkroom.cli;

import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchPlan;
import dev.darkroom.batch.BatchRunner;
import dev.darkroom.batch.BatchSummary;
import dev.darkroom.batch.JobFile;
import dev.darkroom.history.BatchRunRecord;
import dev.darkroom.history.History;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code darkroom batch resume RUN_ID}: finishes a run from any process. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Finish a batch run: redo what is not done (direct), or wait for its Batch API batches,"
        + " save their results and send what is left."})
final class BatchResumeCommand implements Callable<Integer>, JsonReporting {
  @Spec CommandSpec spec;
  @ParentCommand BatchCommand parent;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id printed when the run started.")
  String runId;

  @Mixin BatchOptions options;

  @Mixin InputSizeOptions inputSize;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HomeOptions home;

  @Option(names = "--json", description = "Progress as JSON lines on standard error, the summary as JSON on standard output.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    Environment env = parent.env();
    options.validate();
    BatchRunRecord run;
    try (History history = home.open(env, HomeOptions.DEFAULT_STALE_AFTER)) {
      run = history.batchJournal().run(runId).orElseThrow(() -> CliException.usage("no batch run " + runId
          + " in " + home.file(env) + "; 'darkroom history' lists run ids"));
    }
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    BatchPlan plan = JobFile.plan(run.jobFile(), catalog);
    boolean batchApi = run.via().equals(BatchRunner.VIA_BATCH_API);
    try (BatchProgress progress = new BatchProgress(spec.commandLine().getErr(), env, json);
        BatchSession session = new BatchSession(env, connection, home, catalog, options, inputSize.maxSide(), progress,
            BatchSession.providersOf(plan, run.batchNames()), batchApi)) {
      if (!batchApi) {
        progress.concurrency(session.concurrency);
      }
      if (!plan.fileSha256().equals(run.fileSha256())) {
        progress.onWarning(env.display(run.jobFile()) + " changed since run " + runId
            + " started; jobs whose key changed are new jobs");
      }
      BatchSummary summary = batchApi ? session.runner.collect(plan, runId) : session.runner.run(plan, runId);
      progress.close();
      return BatchReport.print(spec.commandLine().getOut(), summary, json);
    }
  }
}
