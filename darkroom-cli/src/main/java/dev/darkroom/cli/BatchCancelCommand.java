package dev.darkroom.cli;

import dev.darkroom.GenerationRecorder;
import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.batch.BatchRunner;
import dev.darkroom.gemini.GeminiBatchClient;
import dev.darkroom.history.History;
import java.time.Duration;
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
    try (History history = home.open(env, HomeOptions.DEFAULT_STALE_AFTER)) {
      if (history.batchJournal().run(runId).isEmpty()) {
        throw CliException.usage("no batch run " + runId + " in " + home.file(env));
      }
      GeminiBatchClient.Builder b = GeminiBatchClient.builder().env(env.variables())
          .timeout(Duration.ofSeconds(connection.timeoutSeconds));
      if (connection.apiKey != null) {
        b.apiKey(connection.apiKey);
      }
      if (connection.baseUrl != null) {
        b.baseUrl(connection.baseUrl);
      }
      try (GeminiBatchClient client = b.build();
          var darkroom = ClientFactory.create(env, connection, catalog, dev.darkroom.GenerationListener.NONE, 0,
              GenerationRecorder.NONE, "gemini")) {
        List<String> cancelled = BatchRunner.builder().darkroom(darkroom).history(history).batchClient(client)
            .listener(BatchListener.NONE).build().cancel(runId);
        var out = spec.commandLine().getOut();
        out.println(cancelled.isEmpty() ? "run " + runId + " has no batch waiting; marked cancelled"
            : "cancelled " + String.join(", ", cancelled) + "; 'darkroom batch resume " + runId + "' sends the jobs again");
        out.flush();
      }
    }
    return ExitCodes.OK;
  }
}
