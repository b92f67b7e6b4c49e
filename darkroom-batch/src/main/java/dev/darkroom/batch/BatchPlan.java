package dev.darkroom.batch;

import dev.darkroom.Darkroom;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job file expanded and validated: every job with its request, output path and key. Nothing has
 * been sent. Immutable.
 */
public final class BatchPlan {
  private final Path file;
  private final String fileSha256;
  private final List<BatchJob> jobs;
  private final java.util.Map<String, BatchJob> byKey = new java.util.HashMap<>();

  BatchPlan(Path file, String fileSha256, List<BatchJob> jobs) {
    this.file = file;
    this.fileSha256 = fileSha256;
    this.jobs = List.copyOf(jobs);
    jobs.forEach(j -> byKey.put(j.key(), j));
  }

  /** The job file's absolute path. */
  public Path file() {
    return file;
  }

  /** SHA-256 of the job file's bytes. */
  public String fileSha256() {
    return fileSha256;
  }

  public List<BatchJob> jobs() {
    return jobs;
  }

  /** The job with this key, if any. */
  public Optional<BatchJob> job(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** The models the jobs use, sorted. */
  public Set<String> models() {
    Set<String> models = new TreeSet<>();
    jobs.forEach(j -> models.add(j.request().model().id()));
    return models;
  }

  /** Estimated cost in USD of {@code jobs} at standard prices ({@link Darkroom#estimateCost}). */
  public static BigDecimal estimateCost(List<BatchJob> jobs) {
    BigDecimal sum = BigDecimal.ZERO;
    for (BatchJob j : jobs) {
      sum = sum.add(Darkroom.estimateCost(j.request()));
    }
    return sum.setScale(6, RoundingMode.HALF_UP);
  }

  /** Estimated cost in USD of {@code jobs} through the provider's batch API (its batch discount applied). */
  public static BigDecimal estimateBatchCost(List<BatchJob> jobs) {
    BigDecimal sum = BigDecimal.ZERO;
    for (BatchJob j : jobs) {
      BigDecimal keep = BigDecimal.ONE.subtract(j.request().model().pricing().batchDiscount());
      sum = sum.add(Darkroom.estimateCost(j.request()).multiply(keep));
    }
    return sum.setScale(6, RoundingMode.HALF_UP);
  }
}
