package dev.darkroom.cli;

import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.history.BatchRunRecord;
import dev.darkroom.history.History;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code darkroom batch cancel RUN_ID}: cancels a run's Batch API batches. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel a batch run's Batch API batches; its unfinished jobs go back to pending.")
final class BatchCancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand BatchCommand parent;

  @Parameters(index = "0", paramLabel = "RUN_ID") String runId;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HomeOptions home;

  @Override
  public Integer call() {
    Environment env = parent.env();
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    BatchRunRecord run;
    try (History history = home.open(env, HomeOptions.DEFAULT_STALE_AFTER)) {
      run = history.batchJournal().run(runId).orElseThrow(() ->
          CliException.usage("no batch run " + runId + " in " + home.file(env)));
    }
    try (BatchSession session = new BatchSession(env, connection, home, catalog, BatchOptions.defaults(), 0,
        BatchListener.NONE, BatchSession.providersOf(null, run.batchNames()), true)) {
      List<String> cancelled = session.runner.cancel(runId);
      var out = spec.commandLine().getOut();
      out.println(cancelled.isEmpty() ? "run " + runId + " has no batch waiting; marked cancelled"
          : "cancelled " + String.join(", ", cancelled) + "; 'darkroom batch resume " + runId + "' sends the jobs again");
      out.flush();
    }
    return ExitCodes.OK;
  }
}
