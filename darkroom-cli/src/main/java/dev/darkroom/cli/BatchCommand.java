package dev.darkroom.cli;

import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchPlan;
import dev.darkroom.batch.BatchSummary;
import dev.darkroom.batch.JobFile;
import dev.darkroom.history.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code darkroom batch FILE}: runs a job file. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a job file (YAML, JSON or JSONL): prompt templates x data rows x matrix, in parallel under a rate"
          + " limit, every image recorded; re-running it (or 'batch resume RUN_ID') skips what is done."},
    subcommands = {BatchResumeCommand.class, BatchStatusCommand.class, BatchCancelCommand.class})
final class BatchCommand implements Callable<Integer>, JsonReporting {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", arity = "0..1", description = "The job file.")
  @Nullable String file;

  @Option(names = "--dry-run", description = "Expand and validate, print the job count and estimated cost; send nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Save every job's image under DIR (default: the job file's output_dir).")
  @Nullable String outputDir;

  @Mixin BatchOptions options;

  @Mixin InputSizeOptions inputSize;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HomeOptions home;

  @Option(names = "--json", description = "Progress as JSON lines on standard error, the summary as JSON on standard output.")
  boolean json;

  BatchCommand(Environment env) {
    this.env = env;
  }

  Environment env() {
    return env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    if (file == null) {
      throw CliException.usage("give a job file, e.g. 'darkroom batch jobs.yaml', or a subcommand: resume, status, cancel");
    }
    options.validate();
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    Path jobFile = env.resolve(file);
    if (!Files.isRegularFile(jobFile)) {
      throw CliException.usage("job file " + env.display(jobFile) + " does not exist");
    }
    BatchPlan plan = JobFile.plan(jobFile, catalog, outputDir == null ? null : env.resolve(outputDir));
    if (dryRun) {
      int alreadyDone = 0;
      if (Files.exists(home.file(env))) {
        try (History history = home.open(env, HomeOptions.DEFAULT_STALE_AFTER)) {
          var journal = history.batchJournal();
          alreadyDone = (int) plan.jobs().stream()
              .filter(j -> journal.done(j.key()).filter(r -> Files.exists(r.outputPath())).isPresent()).count();
        }
      }
      return BatchReport.dryRun(spec.commandLine().getOut(), plan, alreadyDone, json);
    }
    boolean batchApi = options.batchApi();
    try (BatchProgress progress = new BatchProgress(spec.commandLine().getErr(), env, json);
        BatchSession session = new BatchSession(env, connection, home, catalog, options, inputSize.maxSide(), progress,
            BatchSession.providersOf(plan), batchApi)) {
      if (!batchApi) {
        progress.concurrency(session.concurrency);
      }
      String runId = session.history.newRunId();
      BatchSummary summary = batchApi
          ? session.runner.submit(plan, runId, !options.noWait)
          : session.runner.run(plan, runId);
      progress.close();
      return BatchReport.print(spec.commandLine().getOut(), summary, json);
    }
  }
}
