package dev.darkroom.history;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One journaled job of a batch run.
 *
 * @param key the job's stable key (SHA-256 of its fully expanded request)
 * @param index its 1-based position among the run's jobs
 * @param outputPath where its image is (or will be) saved
 * @param costUsd what it cost when done or failed after a provider answer; zero otherwise
 */
public record BatchJobRecord(String runId, String key, int index, String name, Path outputPath, BatchJobStatus status,
    @Nullable String batchName, @Nullable Long generationId, @Nullable String errorKind,
    @Nullable String errorMessage, BigDecimal costUsd, Instant updated) {

  public Optional<String> batch() {
    return Optional.ofNullable(batchName);
  }

  public Optional<String> error() {
    return Optional.ofNullable(errorMessage);
  }
}
