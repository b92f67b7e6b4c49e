package dev.darkroom.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Darkroom;
import dev.darkroom.ErrorKind;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.gemini.GeminiBatchClient;
import dev.darkroom.history.BatchJobRecord;
import dev.darkroom.history.BatchJobStatus;
import dev.darkroom.history.BatchRunState;
import dev.darkroom.history.CostGrouping;
import dev.darkroom.history.CostQuery;
import dev.darkroom.history.History;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class BatchRunnerTest {
  @TempDir Path dir;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private History history;
  private Darkroom darkroom;
  private GeminiBatchClient batches;

  @BeforeEach
  void csv() throws IOException {
    Files.writeString(dir.resolve("pokemon.csv"), "number,name\n025,Pikachu\n007,Squirtle\n133,Eevee\n");
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gemini-2.5-flash-image
        aspect_ratio: "1:1"
        output_dir: out
        jobs:
          - prompt: "Create an image of Pokémon #{number} {name} in a {style} style."
            data: pokemon.csv
            matrix: {style: [watercolor, pixel art]}
            output: "{number}-{name}-{style}.png"
        """);
  }

  @AfterEach
  void close() {
    if (batches != null) {
      batches.close();
    }
    if (darkroom != null) {
      darkroom.close();
    }
    if (history != null) {
      history.close();
    }
  }

  private BatchRunner.Builder runner(FakeGemini fake) {
    if (history == null) {
      history = History.open(dir.resolve("home/history.db"));
      darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl()).build();
      batches = GeminiBatchClient.builder().apiKey(FakeGemini.DEFAULT_API_KEY).baseUrl(fake.baseUrl())
          .sleeper(sleeps::add).build();
    }
    return BatchRunner.builder().darkroom(darkroom).history(history).backend(batches.asBackend()).sleeper(sleeps::add)
        .random(() -> 0.0).listener(new BatchListener() {
          @Override
          public void onPause(Duration delay, dev.darkroom.DarkroomException cause) {
            pauses.add(delay);
          }
        });
  }

  private BatchPlan plan() {
    return JobFile.plan(dir.resolve("jobs.yaml"), ModelCatalog.builtIn());
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private long generateRequests(FakeGemini fake) {
    return fake.requests().stream().filter(r -> r.path().endsWith(":generateContent")).count();
  }

  @Test
  void runsEveryJobOnceAndARerunSkipsWhatIsDone(FakeGemini fake) throws IOException {
    BatchSummary first = runner(fake).concurrency(4).build().run(plan());

    assertThat(first.done()).isEqualTo(6);
    assertThat(first.complete()).isTrue();
    assertThat(files()).containsExactly("007-Squirtle-pixel-art.png", "007-Squirtle-watercolor.png",
        "025-Pikachu-pixel-art.png", "025-Pikachu-watercolor.png", "133-Eevee-pixel-art.png", "133-Eevee-watercolor.png");
    assertThat(generateRequests(fake)).isEqualTo(6);
    assertThat(history.batchJournal().jobs(first.runId())).extracting(BatchJobRecord::status)
        .containsOnly(BatchJobStatus.DONE);
    assertThat(history.cost(CostQuery.builder().groupBy(CostGrouping.RUN).build()).total().totalCostUsd())
        .isEqualByComparingTo(first.spentUsd());

    BatchSummary again = runner(fake).build().run(plan());
    assertThat(again.alreadyDone()).isEqualTo(6);
    assertThat(again.done()).isZero();
    assertThat(generateRequests(fake)).isEqualTo(6);
    assertThat(history.batchJournal().run(again.runId()).orElseThrow().state()).isEqualTo(BatchRunState.FINISHED);
  }

  @Test
  void aRateLimitPausesEveryWorkerForTheRetryInfoDelay(FakeGemini fake) throws IOException {
    fake.enqueue(FakeReply.rateLimited(Duration.ofSeconds(7))).latency(Duration.ofMillis(300));
    BatchSummary s = runner(fake).concurrency(3).build().run(plan());

    assertThat(s.done()).isEqualTo(6);
    assertThat(pauses).containsExactly(Duration.ofSeconds(7));
    // Every attempt after the 429 waited at the shared gate, not just the worker that saw it.
    assertThat(sleeps.stream().filter(d -> d.compareTo(Duration.ofSeconds(5)) > 0).count()).isGreaterThanOrEqualTo(3);
    assertThat(generateRequests(fake)).isEqualTo(7);
    assertThat(files()).hasSize(6);
  }

  @Test
  void aBlockedJobFailsWithItsReasonAndTheRunGoesOn(FakeGemini fake) throws IOException {
    fake.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"));
    BatchSummary s = runner(fake).concurrency(1).build().run(plan());

    assertThat(s.done()).isEqualTo(5);
    assertThat(s.failures()).singleElement().satisfies(f -> {
      assertThat(f.error().kind()).isEqualTo(ErrorKind.CONTENT_BLOCKED);
      assertThat(f.job().index()).isEqualTo(1);
    });
    assertThat(history.batchJournal().jobs(s.runId()).get(0).error()).hasValueSatisfying(m -> assertThat(m)
        .contains("PROHIBITED_CONTENT"));

    BatchSummary retry = runner(fake).build().run(plan(), s.runId());
    assertThat(retry.alreadyDone()).isEqualTo(5);
    assertThat(retry.done()).isEqualTo(1);
    assertThat(files()).hasSize(6);
  }

  @Test
  void aCostLimitRefusesAnOverEstimateBeforeSendingAndStopsNewWorkWhenReached(FakeGemini fake) {
    assertThatThrownBy(() -> runner(fake).maxCostUsd(new BigDecimal("0.05")).build().run(plan()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("over the limit of $0.05");
    assertThat(fake.requestCount()).isZero();

    BatchPlan plan = plan();
    BigDecimal two = BatchPlan.estimateCost(plan.jobs().subList(0, 2));
    // The estimate would pass a limit of everything; the actual spend stops the run early.
    BatchSummary s = runner(fake).concurrency(1).maxCostUsd(BatchPlan.estimateCost(plan.jobs())).build().run(plan);
    assertThat(s.done()).isEqualTo(6);
    BatchSummary limited = runner(fake).concurrency(1).build().run(plan);
    assertThat(limited.done()).isZero();
    assertThat(two.signum()).isPositive();
  }

  @Test
  void anImageSavedButNotJournaledByAKilledRunIsAdoptedNotPaidAgain(FakeGemini fake) throws IOException {
    BatchPlan plan = plan();
    runner(fake).build().run(plan);
    history.close();
    history = null;
    Files.delete(dir.resolve("home/history.db"));
    fake.requests();
    long before = generateRequests(fake);
    Files.delete(dir.resolve("out/025-Pikachu-watercolor.png"));

    BatchSummary s = runner(fake).build().run(plan());
    assertThat(s.adopted()).isEqualTo(5);
    assertThat(s.done()).isEqualTo(1);
    assertThat(generateRequests(fake) - before).isEqualTo(1);
    assertThat(files()).hasSize(6);
  }

  @Test
  void aForeignFileInTheWayIsAnErrorBeforeAnythingIsSent(FakeGemini fake) throws IOException {
    Files.createDirectories(dir.resolve("out"));
    Files.write(dir.resolve("out/007-Squirtle-watercolor.png"), TestPng.bytes(2, 2, 0));
    assertThatThrownBy(() -> runner(fake).build().run(plan()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("row 2 of pokemon.csv, style=watercolor")
        .hasMessageContaining("already exists and was not made by this job");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void theBatchApiSavesEveryResultAtHalfTheRecordedCost(FakeGemini fake) throws IOException {
    BatchSummary direct = runner(fake).build().run(plan());
    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Path other = Files.writeString(dir.resolve("jobs2.yaml"), Files.readString(dir.resolve("jobs.yaml"))
        .replace("output_dir: out", "output_dir: out2"));
    BatchPlan plan = JobFile.plan(other, ModelCatalog.builtIn());
    BatchSummary viaBatch = runner(fake).build().submit(plan, history.newRunId(), true);

    assertThat(viaBatch.done()).isEqualTo(6);
    assertThat(viaBatch.spentUsd()).isEqualByComparingTo(direct.spentUsd().divide(BigDecimal.valueOf(2)));
    try (Stream<Path> s = Files.list(dir.resolve("out2"))) {
      assertThat(s.count()).isEqualTo(6);
    }
    assertThat(fake.requests()).anySatisfy(r -> assertThat(r.path()).endsWith(":batchGenerateContent"));
    assertThat(history.batchJournal().run(viaBatch.runId()).orElseThrow().batchNames()).hasSize(1);
  }

  @Test
  void aSubmittedRunIsCollectedByAnotherRunnerAndPerLineErrorsFailTheirJob(FakeGemini fake) {
    fake.batchPollsPerState(2);
    BatchPlan plan = plan();
    BatchRunner first = runner(fake).build();
    String runId = history().newRunId();
    BatchSummary submitted = first.submit(plan, runId, false);
    assertThat(submitted.batches()).hasSize(1);
    assertThat(submitted.done()).isZero();
    assertThat(history.batchJournal().jobs(runId)).extracting(BatchJobRecord::status)
        .containsOnly(BatchJobStatus.SUBMITTED);

    // Re-running the file directly meanwhile does not send the jobs waiting in the batch.
    BatchSummary meanwhile = runner(fake).build().run(plan());
    assertThat(meanwhile.done()).isZero();
    assertThat(meanwhile.notStarted()).isEqualTo(6);

    fake.enqueue(FakeReply.status(500, "INTERNAL", "this line failed"));
    BatchSummary collected = runner(fake).build().collect(plan, runId);
    assertThat(collected.done()).isEqualTo(5);
    assertThat(collected.failures()).singleElement().satisfies(f -> assertThat(f.error().getMessage())
        .contains("this line failed"));
    assertThat(sleeps).isNotEmpty();

    BatchSummary resumed = runner(fake).build().collect(plan, runId);
    assertThat(resumed.done()).isEqualTo(1);
    assertThat(history.batchJournal().run(runId).orElseThrow().batchNames()).hasSize(2);
    assertThat(history.batchJournal().jobs(runId)).extracting(BatchJobRecord::status).containsOnly(BatchJobStatus.DONE);
  }

  @Test
  void cancellingPutsJobsBackAndAnExpiredBatchIsSentAgainOnResume(FakeGemini fake) {
    BatchPlan plan = plan();
    BatchRunner first = runner(fake).build();
    String runId = history().newRunId();
    first.submit(plan, runId, false);
    assertThat(runner(fake).build().cancel(runId)).hasSize(1);
    assertThat(history.batchJournal().jobs(runId)).extracting(BatchJobRecord::status)
        .containsOnly(BatchJobStatus.PENDING);

    fake.enqueueBatchEnd(FakeGemini.BatchEnd.EXPIRED);
    BatchSummary expired = runner(fake).build().collect(plan, runId);
    assertThat(expired.failures()).hasSize(6).allSatisfy(f -> assertThat(f.error().getMessage()).contains("EXPIRED"));
    BatchSummary done = runner(fake).build().collect(plan, runId);
    assertThat(done.done()).isEqualTo(6);
  }

  private History history() {
    return java.util.Objects.requireNonNull(history, "call runner(fake) first");
  }

  @Test
  void aRunAndACollectionRemoveOnlyOldTemporariesAKillLeftInTheOutputDirectory(FakeGemini fake) throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(Duration.ofHours(2)));
    Path killed = Files.writeString(out.resolve(".025-Pikachu-watercolor.png.3k9x0q2m7a1b.tmp"), "partial");
    Files.setLastModifiedTime(killed, twoHoursAgo);
    Path writingNow = Files.writeString(out.resolve(".other-run.png.5v1z9c3k2p0d.tmp"), "partial");
    List<String> warnings = new CopyOnWriteArrayList<>();
    BatchListener listener = new BatchListener() {
      @Override
      public void onWarning(String message) {
        warnings.add(message);
      }
    };

    BatchSummary s = runner(fake).listener(listener).build().run(plan());

    assertThat(s.done()).isEqualTo(6);
    assertThat(killed).doesNotExist();
    assertThat(writingNow).exists();
    assertThat(warnings).filteredOn(w -> w.contains("temporary")).containsExactly(
        "removed 1 temporary file left in " + out + " by an interrupted save");

    Files.writeString(dir.resolve("jobs.yaml"), Files.readString(dir.resolve("jobs.yaml"))
        .replace("output_dir: out", "output_dir: out2"));
    BatchPlan plan = plan();
    String runId = history.newRunId();
    runner(fake).build().submit(plan, runId, false);
    Path killedWhileCollecting = Files.writeString(Files.createDirectories(dir.resolve("out2"))
        .resolve(".007-Squirtle-watercolor.png.1a2b3c4d5e6f.tmp"), "partial");
    Files.setLastModifiedTime(killedWhileCollecting, twoHoursAgo);
    assertThat(runner(fake).build().collect(plan, runId).done()).isEqualTo(6);
    assertThat(killedWhileCollecting).doesNotExist();
  }
}
