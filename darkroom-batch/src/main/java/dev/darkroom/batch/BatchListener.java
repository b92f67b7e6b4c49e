package dev.darkroom.batch;

import dev.darkroom.spi.ProviderBatch;

import dev.darkroom.DarkroomException;
import dev.darkroom.Generation;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Progress of a batch run. Every method has a no-op default. Calls come from the runner's worker
 * threads; implementations must be thread-safe and quick.
 */
public interface BatchListener {
  BatchListener NONE = new BatchListener() {};

  /**
   * The run starts.
   *
   * @param total jobs in the plan
   * @param alreadyDone jobs skipped because a run before saved their image
   * @param toRun jobs that will be sent
   * @param estimatedUsd the estimated cost of those
   */
  default void onStart(String runId, int total, int alreadyDone, int toRun, BigDecimal estimatedUsd) {}

  /** A non-fatal problem worth telling the user. */
  default void onWarning(String message) {}

  /** An attempt of a job is about to be sent (attempt is 1-based). */
  default void onJobStarted(BatchJob job, int attempt) {}

  /** A job's image is saved and journaled. */
  default void onJobDone(BatchJob job, Generation generation) {}

  /** A job failed for good in this run; the run goes on. */
  default void onJobFailed(BatchJob job, DarkroomException error) {}

  /** An attempt failed and the job will be tried again after {@code delay}. */
  default void onRetry(BatchJob job, int attempt, Duration delay, DarkroomException cause) {}

  /** Every worker holds back for {@code delay}: the provider asked for it (429 with RetryInfo). */
  default void onPause(Duration delay, DarkroomException cause) {}

  /** The actual spend reached the cost limit; no new job is started. */
  default void onCostLimitReached(BigDecimal spentUsd, BigDecimal limitUsd) {}

  /** A provider batch was created, or polled and found in this state. */
  default void onBatchState(ProviderBatch batch) {}
}
