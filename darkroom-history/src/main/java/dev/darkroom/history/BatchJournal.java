package dev.darkroom.history;

import dev.darkroom.DarkroomException;
import dev.darkroom.Generation;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ImageRequest;
import dev.darkroom.history.internal.Database;
import dev.darkroom.history.internal.ProcessOwner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The journal of batch runs: which jobs a run has, which are done, and the provider batches they
 * were sent in. A job becomes {@link BatchJobStatus#DONE} in the same transaction that completes its
 * generation row, which happens only after its files are on disk; so after a crash a job is either
 * done with its image saved, or not done (and is redone on resume).
 *
 * <p>Obtained from {@link History#batchJournal()}; thread-safe; shares the history's connection.
 */
public final class BatchJournal {
  private final Database db;
  private final Clock clock;
  private final ProcessOwner owner;

  BatchJournal(Database db, Clock clock, ProcessOwner owner) {
    this.db = db;
    this.clock = clock;
    this.owner = owner;
  }

  /** One job as the runner plans it. */
  public record PlannedJob(String key, int index, String name, Path outputPath) {
    public PlannedJob {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(outputPath, "outputPath");
    }
  }

  /**
   * Creates the run, or on resume refreshes it (job file digest, state), and adds the jobs it does
   * not have yet as {@link BatchJobStatus#PENDING}. Jobs already journaled keep their status.
   */
  public void startRun(String runId, Path jobFile, String fileSha256, String via, String optionsJson,
      List<PlannedJob> jobs) {
    long now = clock.millis();
    db.write("journal batch run " + runId + " in", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO batch_run (run_id, job_file, file_sha256, via, state, created_ms, updated_ms, job_count, options_json)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_id) DO UPDATE SET file_sha256 = excluded.file_sha256,"
              + " state = excluded.state, updated_ms = excluded.updated_ms, job_count = excluded.job_count")) {
        ps.setString(1, runId);
        ps.setString(2, jobFile.toAbsolutePath().normalize().toString());
        ps.setString(3, fileSha256);
        ps.setString(4, via);
        ps.setString(5, BatchRunState.RUNNING.name());
        ps.setLong(6, now);
        ps.setLong(7, now);
        ps.setInt(8, jobs.size());
        ps.setString(9, optionsJson);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR IGNORE INTO batch_job (run_id, job_key, job_index, job_name, output_path, status, updated_ms)"
              + " VALUES (?, ?, ?, ?, ?, 'PENDING', ?)")) {
        for (PlannedJob j : jobs) {
          ps.setString(1, runId);
          ps.setString(2, j.key());
          ps.setInt(3, j.index());
          ps.setString(4, j.name());
          ps.setString(5, j.outputPath().toAbsolutePath().normalize().toString());
          ps.setLong(6, now);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  /** The run, when journaled. */
  public Optional<BatchRunRecord> run(String runId) {
    return db.read("read batch run " + runId + " from", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM batch_run WHERE run_id = ?")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(runRecord(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Runs of this job file, newest first. */
  public List<BatchRunRecord> runsOf(Path jobFile) {
    return db.read("read batch runs from", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM batch_run WHERE job_file = ? ORDER BY created_ms DESC, run_id DESC")) {
        ps.setString(1, jobFile.toAbsolutePath().normalize().toString());
        List<BatchRunRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(runRecord(rs));
          }
        }
        return out;
      }
    });
  }

  /** Sets the run's state. */
  public void setState(String runId, BatchRunState state) {
    update("UPDATE batch_run SET state = ?, updated_ms = ? WHERE run_id = ?", state.name(), clock.millis(), runId);
  }

  /** Every job of the run, in job order. */
  public List<BatchJobRecord> jobs(String runId) {
    return db.read("read the jobs of batch run " + runId + " from", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM batch_job WHERE run_id = ? ORDER BY job_index, job_key")) {
        ps.setString(1, runId);
        List<BatchJobRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(jobRecord(rs));
          }
        }
        return out;
      }
    });
  }

  /** A done job with this key in any run, most recent first: its image was saved then. */
  public Optional<BatchJobRecord> done(String jobKey) {
    return db.read("read the batch journal in", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM batch_job WHERE job_key = ? AND status = 'DONE' ORDER BY updated_ms DESC LIMIT 1")) {
        ps.setString(1, jobKey);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(jobRecord(rs)) : Optional.empty();
        }
      }
    });
  }

  /** A job with this key waiting in a provider batch of any run that has not finished. */
  public Optional<BatchJobRecord> submitted(String jobKey) {
    return db.read("read the batch journal in", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT j.* FROM batch_job j JOIN batch_run r ON r.run_id = j.run_id WHERE j.job_key = ?"
              + " AND j.status = 'SUBMITTED' AND r.state NOT IN ('FINISHED', 'CANCELLED')"
              + " ORDER BY j.updated_ms DESC LIMIT 1")) {
        ps.setString(1, jobKey);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(jobRecord(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Marks jobs as sent in provider batch {@code batchName}, and adds the name to the run. */
  public void markSubmitted(String runId, Collection<String> jobKeys, String batchName) {
    long now = clock.millis();
    db.write("journal batch " + batchName + " in", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE batch_job SET status = 'SUBMITTED', batch_name = ?, error_kind = NULL, error_message = NULL,"
              + " updated_ms = ? WHERE run_id = ? AND job_key = ?")) {
        for (String key : jobKeys) {
          ps.setString(1, batchName);
          ps.setLong(2, now);
          ps.setString(3, runId);
          ps.setString(4, key);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE batch_run SET batch_names = TRIM(batch_names || ' ' || ?), state = 'SUBMITTED', updated_ms = ?"
              + " WHERE run_id = ?")) {
        ps.setString(1, batchName);
        ps.setLong(2, now);
        ps.setString(3, runId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Records a job's final failure (blocked, no image, retries exhausted, batch expired …). */
  public void markFailed(String runId, String jobKey, String errorKind, String message, BigDecimal costUsd) {
    update("UPDATE batch_job SET status = 'FAILED', error_kind = ?, error_message = ?, cost_nano_usd = ?,"
        + " updated_ms = ? WHERE run_id = ? AND job_key = ?", errorKind, message, RecordWriter.nanoUsd(costUsd),
        clock.millis(), runId, jobKey);
  }

  /** Puts a job back to pending (e.g. its provider batch expired), so a resume sends it again. */
  public void markPending(String runId, String jobKey, String why) {
    update("UPDATE batch_job SET status = 'PENDING', error_message = ?, updated_ms = ? WHERE run_id = ? AND job_key = ?",
        why, clock.millis(), runId, jobKey);
  }

  /**
   * Marks a job done without a generation of this run: its image was saved by an earlier run, or by a
   * process killed before it could journal it.
   *
   * @param note why, e.g. {@code done in run 20261122-…} or {@code adopted}
   */
  public void markAdopted(String runId, String jobKey, Path outputPath, String note) {
    update("UPDATE batch_job SET status = 'DONE', output_path = ?, error_kind = NULL, error_message = ?,"
        + " updated_ms = ? WHERE run_id = ? AND job_key = ?", outputPath.toAbsolutePath().normalize().toString(),
        note, clock.millis(), runId, jobKey);
  }

  /**
   * A recorder for the run's calls: each call becomes a generation row tagged with the run id; when
   * {@code jobKeyOf} knows the request, a successful call also marks that job done, in the same
   * transaction, with the generation, its cost and the path of its first file.
   */
  public GenerationRecorder recorder(String runId, Function<ImageRequest, @Nullable String> jobKeyOf) {
    Objects.requireNonNull(runId, "runId");
    return new GenerationRecorder() {
      @Override
      public GenerationRecorder.Call begin(ImageRequest request, List<String> inputSha256, int call) {
        return beginJob(request, inputSha256, null, call, runId, jobKeyOf);
      }

      @Override
      public GenerationRecorder.Call begin(ImageRequest request, List<String> inputSha256, int call, int maxInputSide) {
        return beginJob(request, inputSha256, maxInputSide, call, runId, jobKeyOf);
      }
    };
  }

  private JobCall beginJob(ImageRequest request, List<String> inputSha256, @Nullable Integer maxInputSide, int call,
      String runId, Function<ImageRequest, @Nullable String> jobKeyOf) {
    long started = System.nanoTime();
    long id = db.write("record a new generation in",
        c -> RecordWriter.begin(c, request, inputSha256, maxInputSide, call, runId, clock.instant(), owner));
    String key = jobKeyOf.apply(request);
    return new JobCall(runId, key, id, started);
  }

  private final class JobCall implements GenerationRecorder.Call {
    private final String runId;
    private final @Nullable String key;
    private final long id;
    private final long startNanos;
    private final AtomicBoolean done = new AtomicBoolean();

    JobCall(String runId, @Nullable String key, long id, long startNanos) {
      this.runId = runId;
      this.key = key;
      this.id = id;
      this.startNanos = startNanos;
    }

    @Override
    public void succeeded(Generation generation) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      Instant now = clock.instant();
      db.write("complete generation #" + id + " in", c -> {
        RecordWriter.succeeded(c, id, generation, now);
        if (key != null) {
          String path = firstPath(generation);
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE batch_job SET status = 'DONE', generation_id = ?, cost_nano_usd = ?,"
                  + " output_path = COALESCE(?, output_path), error_kind = NULL, error_message = NULL, updated_ms = ?"
                  + " WHERE run_id = ? AND job_key = ?")) {
            ps.setLong(1, id);
            ps.setLong(2, RecordWriter.nanoUsd(generation.costUsd()));
            if (path == null) {
              ps.setNull(3, Types.VARCHAR);
            } else {
              ps.setString(3, path);
            }
            ps.setLong(4, now.toEpochMilli());
            ps.setString(5, runId);
            ps.setString(6, key);
            ps.executeUpdate();
          }
        }
        return null;
      });
    }

    @Override
    public void failed(DarkroomException error) {
      if (done.compareAndSet(false, true)) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        db.write("complete generation #" + id + " in", c -> {
          RecordWriter.failed(c, id, error, elapsed, clock.instant());
          return null;
        });
      }
    }
  }

  private static @Nullable String firstPath(Generation g) {
    for (dev.darkroom.GeneratedImage image : g.images()) {
      if (image.path().isPresent()) {
        return image.path().get().toAbsolutePath().normalize().toString();
      }
      for (dev.darkroom.GridCell cell : image.cells()) {
        if (cell.path() != null) {
          return cell.path().toAbsolutePath().normalize().toString();
        }
      }
    }
    return null;
  }

  private void update(String sql, Object... args) {
    db.write("update the batch journal in", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        ps.executeUpdate();
      }
      return null;
    });
  }

  private static BatchRunRecord runRecord(ResultSet rs) throws SQLException {
    String names = rs.getString("batch_names");
    return new BatchRunRecord(rs.getString("run_id"), Path.of(rs.getString("job_file")), rs.getString("file_sha256"),
        rs.getString("via"), names == null || names.isBlank() ? List.of() : Arrays.asList(names.trim().split(" +")),
        BatchRunState.valueOf(rs.getString("state")), Instant.ofEpochMilli(rs.getLong("created_ms")),
        Instant.ofEpochMilli(rs.getLong("updated_ms")), rs.getInt("job_count"), rs.getString("options_json"));
  }

  private static BatchJobRecord jobRecord(ResultSet rs) throws SQLException {
    long gen = rs.getLong("generation_id");
    Long generationId = rs.wasNull() ? null : gen;
    return new BatchJobRecord(rs.getString("run_id"), rs.getString("job_key"), rs.getInt("job_index"),
        rs.getString("job_name"), Path.of(rs.getString("output_path")), BatchJobStatus.valueOf(rs.getString("status")),
        rs.getString("batch_name"), generationId, rs.getString("error_kind"), rs.getString("error_message"),
        BigDecimal.valueOf(rs.getLong("cost_nano_usd"), 9), Instant.ofEpochMilli(rs.getLong("updated_ms")));
  }
}
