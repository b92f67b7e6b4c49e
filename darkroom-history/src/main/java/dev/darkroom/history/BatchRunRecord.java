package dev.darkroom.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One journaled batch run.
 *
 * @param runId the run id, also the {@code run_id} of its generation rows
 * @param jobFile the absolute path of the job file
 * @param fileSha256 SHA-256 of the job file when the run last started
 * @param via how jobs are sent, e.g. {@code direct} or {@code batch-api}
 * @param batchNames the provider batches it submitted, e.g. {@code batches/abc123}, oldest first
 * @param jobCount jobs in the run when it last started
 * @param optionsJson run options needed to resume it (JSON object)
 */
public record BatchRunRecord(String runId, Path jobFile, String fileSha256, String via, List<String> batchNames,
    BatchRunState state, Instant created, Instant updated, int jobCount, String optionsJson) {
  public BatchRunRecord {
    batchNames = List.copyOf(batchNames);
  }
}
