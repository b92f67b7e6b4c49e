package dev.darkroom.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.GenerationRecorder;
import dev.darkroom.ImageRequest;
import dev.darkroom.QuotaExceededException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch journal (schema version 4) and the upgrade that adds it. */
class BatchJournalTest {
  @TempDir Path dir;

  @Test
  void upgradesAVersion2DatabaseKeepingItsRowsAndAddsTheJournal() throws Exception {
    Path file = dir.resolve("history.db");
    try (Connection c = Fixtures.jdbc(file); Statement s = c.createStatement()) {
      for (String sql : OpenTest.V1_DDL) {
        s.execute(sql.startsWith("PRAGMA") ? "SELECT 1" : sql);
      }
      s.execute("ALTER TABLE generation ADD COLUMN http_status INTEGER NOT NULL DEFAULT 0");
      s.execute("ALTER TABLE generation ADD COLUMN vendor_status TEXT");
      s.execute("INSERT INTO generation (started_ms, status, provider, model, prompt, image_size, image_count,"
          + " call_index, request_json, pid, run_id) VALUES (1763600000000, 'SUCCEEDED', 'gemini', 'gemini-3-pro-image',"
          + " 'A version 2 row', '1K', 1, 0, '{\"format\":1,\"model\":\"gemini-3-pro-image\",\"prompt\":\"A version 2 row\",\"effectiveImageSize\":\"1K\",\"count\":1}', 1, 'old-run')");
      s.execute("PRAGMA user_version = 2");
    }
    try (History history = History.open(file)) {
      assertThat(history.get(1).orElseThrow().prompt()).isEqualTo("A version 2 row");
      BatchJournal journal = history.batchJournal();
      journal.startRun("r1", dir.resolve("jobs.yaml"), "abc", "direct", "{}",
          List.of(new BatchJournal.PlannedJob("k1", 1, "one", dir.resolve("one.png"))));
      assertThat(journal.jobs("r1")).singleElement().extracting(BatchJobRecord::status).isEqualTo(BatchJobStatus.PENDING);
    }
    try (Connection c = Fixtures.jdbc(file); Statement s = c.createStatement();
        var rs = s.executeQuery("PRAGMA user_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(History.SCHEMA_VERSION);
    }
  }

  @Test
  void aJobIsDoneOnlyWithItsGenerationAndSurvivesReopening() {
    Path file = dir.resolve("history.db");
    Path out = dir.resolve("fox.png");
    ImageRequest fox = Fixtures.request("A fox");
    ImageRequest owl = Fixtures.request("An owl");
    try (History history = History.open(file)) {
      BatchJournal journal = history.batchJournal();
      journal.startRun("r1", dir.resolve("jobs.yaml"), "sha", "direct", "{\"concurrency\":4}", List.of(
          new BatchJournal.PlannedJob("fox-key", 1, "fox", out),
          new BatchJournal.PlannedJob("owl-key", 2, "owl", dir.resolve("owl.png"))));
      Map<ImageRequest, String> keys = new java.util.IdentityHashMap<>(Map.of(fox, "fox-key", owl, "owl-key"));
      GenerationRecorder recorder = journal.recorder("r1", keys::get);

      GenerationRecorder.Call call = recorder.begin(fox, List.of(), 0);
      assertThat(journal.done("fox-key")).isEmpty();
      call.succeeded(Fixtures.generation(out, "0.0195"));

      GenerationRecorder.Call owlCall = recorder.begin(owl, List.of(), 0);
      owlCall.failed(new QuotaExceededException("rate limit reached"));
      journal.markFailed("r1", "owl-key", "QUOTA", "rate limit reached", BigDecimal.ZERO);
    }
    try (History history = History.open(file)) {
      BatchJournal journal = history.batchJournal();
      BatchJobRecord done = journal.done("fox-key").orElseThrow();
      assertThat(done.outputPath()).isEqualTo(out.toAbsolutePath());
      assertThat(done.costUsd()).isEqualByComparingTo("0.0195");
      assertThat(history.get(done.generationId()).orElseThrow().runId()).contains("r1");
      assertThat(journal.done("owl-key")).isEmpty();
      assertThat(journal.jobs("r1")).extracting(BatchJobRecord::status)
          .containsExactly(BatchJobStatus.DONE, BatchJobStatus.FAILED);
      assertThat(journal.run("r1").orElseThrow().optionsJson()).isEqualTo("{\"concurrency\":4}");
      assertThat(journal.runsOf(dir.resolve("jobs.yaml"))).extracting(BatchRunRecord::runId).containsExactly("r1");
    }
  }

  @Test
  void submittedJobsAndBatchNamesAreJournaledUntilTheRunFinishes() {
    try (History history = History.open(dir.resolve("history.db"))) {
      BatchJournal journal = history.batchJournal();
      journal.startRun("r2", dir.resolve("jobs.yaml"), "sha", "batch-api", "{}", List.of(
          new BatchJournal.PlannedJob("a", 1, "a", dir.resolve("a.png")),
          new BatchJournal.PlannedJob("b", 2, "b", dir.resolve("b.png"))));
      journal.markSubmitted("r2", List.of("a", "b"), "batches/xyz");
      BatchRunRecord run = journal.run("r2").orElseThrow();
      assertThat(run.batchNames()).containsExactly("batches/xyz");
      assertThat(run.state()).isEqualTo(BatchRunState.SUBMITTED);
      assertThat(journal.submitted("a")).isPresent();
      journal.markPending("r2", "b", "batch expired");
      assertThat(journal.submitted("b")).isEmpty();
      journal.setState("r2", BatchRunState.FINISHED);
      assertThat(journal.submitted("a")).isEmpty();
      journal.markAdopted("r2", "b", dir.resolve("b.png"), "adopted");
      assertThat(journal.done("b").orElseThrow().error()).contains("adopted");
    }
  }
}
