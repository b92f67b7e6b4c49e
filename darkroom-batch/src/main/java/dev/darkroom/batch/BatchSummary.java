package dev.darkroom.batch;

import dev.darkroom.DarkroomException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of running (or resuming, or collecting) a batch.
 *
 * @param runId the run id, also the history's run id for its generations
 * @param total jobs in the plan
 * @param alreadyDone jobs skipped because an earlier run saved their image
 * @param adopted jobs whose image was on disk from a killed process, adopted without paying again
 * @param done jobs completed in this invocation
 * @param failures jobs that failed in this invocation, with why
 * @param notStarted jobs left for later: cost limit reached, or waiting in a provider batch
 * @param spentUsd what this invocation's calls cost (batch prices for the Batch API)
 * @param batches provider batches still running (Batch API), by name
 */
public record BatchSummary(String runId, int total, int alreadyDone, int adopted, int done, List<Failure> failures,
    int notStarted, BigDecimal spentUsd, Duration elapsed, List<String> batches) {

  public BatchSummary {
    failures = List.copyOf(failures);
    batches = List.copyOf(batches);
  }

  /** One failed job. */
  public record Failure(BatchJob job, DarkroomException error) {}

  /** Whether every job of the plan has its image now. */
  public boolean complete() {
    return failures.isEmpty() && notStarted == 0 && batches.isEmpty();
  }
}
