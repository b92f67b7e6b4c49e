package dev.darkroom.batch;

import dev.darkroom.spi.ProviderBatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.gemini.GeminiBatchClient;
import dev.darkroom.history.BatchJobRecord;
import dev.darkroom.history.BatchJobStatus;
import dev.darkroom.history.History;
import dev.darkroom.openai.OpenAiBatchClient;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.FakeOpenAiReply;
import dev.darkroom.testkit.MultipartForm;
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

/** The runner's Batch API path with OpenAI models, against {@link FakeOpenAI}. */
@ExtendWith(FakeOpenAIExtension.class)
class OpenAiBatchRunnerTest {
  @TempDir Path dir;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<ProviderBatch> states = new CopyOnWriteArrayList<>();
  private History history;
  private Darkroom darkroom;
  private OpenAiBatchClient openai;
  private GeminiBatchClient gemini;

  @BeforeEach
  void jobs() throws IOException {
    Files.writeString(dir.resolve("pokemon.csv"), "number,name\n025,Pikachu\n007,Squirtle\n133,Eevee\n");
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gpt-image-2
        size: 1024x1024
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
    for (AutoCloseable c : new AutoCloseable[] {openai, gemini, darkroom, history}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private BatchRunner.Builder runner(FakeOpenAI fake) {
    if (history == null) {
      history = History.open(dir.resolve("home/history.db"));
      darkroom = Darkroom.builder().setting("openai.apiKey", FakeOpenAI.DEFAULT_API_KEY).setting("openai.baseUrl", fake.baseUrl()).build();
      openai = OpenAiBatchClient.builder().apiKey(FakeOpenAI.DEFAULT_API_KEY).baseUrl(fake.baseUrl())
          .sleeper(sleeps::add).build();
    }
    return BatchRunner.builder().darkroom(darkroom).history(history).backend(openai.asBackend()).sleeper(sleeps::add)
        .random(() -> 0.0).listener(new BatchListener() {
          @Override
          public void onBatchState(ProviderBatch batch) {
            states.add(batch);
          }
        });
  }

  private BatchPlan plan(String file) {
    return JobFile.plan(dir.resolve(file), ModelCatalog.builtIn());
  }

  private long images(String out) throws IOException {
    Path d = dir.resolve(out);
    if (!Files.isDirectory(d)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".png")).count();
    }
  }

  @Test
  void anOpenAiJobFileGoesThroughTheBatchApiAtHalfTheDirectCost(FakeOpenAI fake) throws IOException {
    BatchSummary direct = runner(fake).build().run(plan("jobs.yaml"));
    assertThat(direct.done()).isEqualTo(6);
    Files.writeString(dir.resolve("jobs2.yaml"), Files.readString(dir.resolve("jobs.yaml"))
        .replace("output_dir: out", "output_dir: out2"));

    BatchSummary viaBatch = runner(fake).build().submit(plan("jobs2.yaml"), history.newRunId(), true);

    assertThat(viaBatch.done()).isEqualTo(6);
    assertThat(viaBatch.spentUsd()).isEqualByComparingTo(direct.spentUsd().divide(BigDecimal.valueOf(2)));
    assertThat(images("out2")).isEqualTo(6);
    List<String> names = history.batchJournal().run(viaBatch.runId()).orElseThrow().batchNames();
    assertThat(names).singleElement().satisfies(n -> assertThat(n).startsWith("openai:batch_"));
    assertThat(fake.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/v1/batches"));
    assertThat(states).extracting(ProviderBatch::providerState)
        .containsExactly("validating", "in_progress", "finalizing", "completed");
    assertThat(states.get(3).describeState()).isEqualTo("SUCCEEDED (completed)");
  }

  @Test
  void aSubmittedRunIsCollectedByANewRunnerAndAFailedLineIsSentAgainOnResume(FakeOpenAI fake) {
    BatchPlan plan = plan("jobs.yaml");
    String runId;
    runner(fake);
    runId = history.newRunId();
    BatchSummary submitted = runner(fake).build().submit(plan, runId, false);
    assertThat(submitted.batches()).singleElement().satisfies(n -> assertThat(n).startsWith("openai:"));
    assertThat(history.batchJournal().jobs(runId)).extracting(BatchJobRecord::status)
        .containsOnly(BatchJobStatus.SUBMITTED);

    fake.enqueue(FakeOpenAiReply.status(500, "server_error", "", "this line failed"));
    BatchSummary collected = runner(fake).build().collect(plan, runId);
    assertThat(collected.done()).isEqualTo(5);
    assertThat(collected.failures()).singleElement().satisfies(f ->
        assertThat(f.error().getMessage()).contains("this line failed"));

    BatchSummary resumed = runner(fake).build().collect(plan, runId);
    assertThat(resumed.done()).isEqualTo(1);
    assertThat(history.batchJournal().run(runId).orElseThrow().batchNames()).hasSize(2);
    assertThat(history.batchJournal().jobs(runId)).extracting(BatchJobRecord::status).containsOnly(BatchJobStatus.DONE);
  }

  @Test
  void anExpiredBatchSavesWhatRanAndResumeSendsTheRestAndCancelPutsJobsBack(FakeOpenAI fake) throws IOException {
    BatchPlan plan = plan("jobs.yaml");
    runner(fake);
    String runId = history.newRunId();
    runner(fake).build().submit(plan, runId, false);
    assertThat(runner(fake).build().cancel(runId)).singleElement().satisfies(n -> assertThat(n).startsWith("openai:"));
    assertThat(history.batchJournal().jobs(runId)).extracting(BatchJobRecord::status)
        .containsOnly(BatchJobStatus.PENDING);

    fake.enqueueBatchEnd(FakeOpenAI.BatchEnd.EXPIRED);
    BatchSummary expired = runner(fake).build().collect(plan, runId);
    assertThat(expired.done()).isEqualTo(3);
    assertThat(expired.failures()).hasSize(3).allSatisfy(f -> assertThat(f.error().getMessage()).contains("EXPIRED"));
    assertThat(images("out")).isEqualTo(3);
    assertThat(history.batchJournal().jobs(runId)).extracting(BatchJobRecord::status)
        .containsOnly(BatchJobStatus.DONE, BatchJobStatus.PENDING);

    BatchSummary done = runner(fake).build().collect(plan, runId);
    assertThat(done.done()).isEqualTo(3);
    assertThat(done.alreadyDone()).isEqualTo(3);
    assertThat(images("out")).isEqualTo(6);
  }

  @Test
  void aMixedFileSubmitsOneBatchPerProviderAndModel(FakeOpenAI fake) throws IOException {
    Files.writeString(dir.resolve("mixed.yaml"), """
        output_dir: mixed
        jobs:
          - model: gpt-image-2
            prompt: "A fox, {n}"
            count: 2
            output: "fox-{n}.png"
          - model: gpt-image-1.5
            prompt: "A hare"
            output: "hare.png"
          - model: gemini-2.5-flash-image
            aspect_ratio: "1:1"
            prompt: "An owl"
            output: "owl.png"
        """);
    try (FakeGemini google = FakeGemini.start()) {
      runner(fake);
      gemini = GeminiBatchClient.builder().apiKey(FakeGemini.DEFAULT_API_KEY).baseUrl(google.baseUrl())
          .sleeper(sleeps::add).build();
      Darkroom both = darkroom.newBuilder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", google.baseUrl()).build();
      try (both) {
        BatchSummary summary = runner(fake).darkroom(both).backend(gemini.asBackend()).build()
            .submit(plan("mixed.yaml"), history.newRunId(), true);
        assertThat(summary.done()).isEqualTo(4);
        List<String> names = history.batchJournal().run(summary.runId()).orElseThrow().batchNames();
        assertThat(names).hasSize(3);
        assertThat(names).filteredOn(n -> n.startsWith("openai:batch_")).hasSize(2);
        assertThat(names).filteredOn(n -> n.startsWith("batches/")).hasSize(1);
        assertThat(fake.batchCount()).isEqualTo(2);
        assertThat(google.batchCount()).isEqualTo(1);
        assertThat(images("mixed")).isEqualTo(4);
      }
    }
  }

  @Test
  void refusesBeforeSendingWhenAProviderHasNoClientOrAModelHasNoBatchPrice(FakeOpenAI fake) throws IOException {
    runner(fake);
    try (Darkroom keyless = Darkroom.builder().build()) {
      BatchRunner noOpenAi = BatchRunner.builder().darkroom(keyless).history(history).build();
      assertThatThrownBy(() -> noOpenAi.submit(plan("jobs.yaml"), history.newRunId(), false))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no API key for provider openai")
          .hasMessageContaining("OPENAI_API_KEY");
    }

    Path table = Files.writeString(dir.resolve("models.json"), """
        {"models": [{"id": "gpt-image-2", "pricing": {"inputPerMillion": 5.0, "imageInputPerMillion": 8.0,
          "textOutputPerMillion": 30.0, "imageOutputPerMillion": 30.0, "confirmed": true}}]}
        """);
    BatchPlan plan = JobFile.plan(dir.resolve("jobs.yaml"), ModelCatalog.builtIn().withOverrides(table));
    String runId = history.newRunId();
    assertThatThrownBy(() -> runner(fake).build().submit(plan, runId, false))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("jobs.yaml")
        .hasMessageContaining("gpt-image-2 is not offered through OpenAI's Batch API");
    assertThat(fake.requestCount()).isZero();
    assertThat(history.batchJournal().run(runId)).isEmpty();
  }

  @Test
  void openAiOptionsInAJobFileAreSentWithTheRequest(FakeOpenAI fake) throws IOException {
    byte[] mask = TestPng.mask(96, 64);
    Files.write(dir.resolve("room.png"), TestPng.bytes(96, 64, 0x808080));
    Files.write(dir.resolve("mask.png"), mask);
    Files.writeString(dir.resolve("options.yaml"), """
        model: gpt-image-2
        quality: high
        moderation: low
        safety_identifier: user-7f3a
        output_dir: opts
        jobs:
          - prompt: "A lighthouse at dusk"
            size: 1024x1024
            background: opaque
            output_format: jpeg
            output_compression: 80
            output: lighthouse
          - prompt: "Put a lamp on the table"
            images: [room.png]
            mask: mask.png
            output: room.png
        """);
    BatchPlan plan = plan("options.yaml");
    assertThat(plan.jobs().get(0).output().getFileName()).hasToString("lighthouse.jpg");

    BatchSummary summary = runner(fake).concurrency(1).build().run(plan);

    assertThat(summary.done()).isEqualTo(2);
    JsonNode generation = fake.requests().stream().filter(r -> r.path().equals("/v1/images/generations"))
        .findFirst().orElseThrow().json();
    assertThat(generation.get("quality").asText()).isEqualTo("high");
    assertThat(generation.get("background").asText()).isEqualTo("opaque");
    assertThat(generation.get("output_format").asText()).isEqualTo("jpeg");
    assertThat(generation.get("output_compression").asInt()).isEqualTo(80);
    assertThat(generation.get("moderation").asText()).isEqualTo("low");
    assertThat(generation.get("safety_identifier").asText()).isEqualTo("user-7f3a");
    MultipartForm edit = fake.requests().stream().filter(r -> r.path().equals("/v1/images/edits"))
        .findFirst().orElseThrow().multipart();
    assertThat(edit.field("quality")).hasValue("high");
    assertThat(edit.field("moderation")).hasValue("low");
    assertThat(edit.field("safety_identifier")).hasValue("user-7f3a");
    assertThat(edit.parts("mask")).singleElement().satisfies(p -> assertThat(p.body()).isEqualTo(mask));
    assertThat(dir.resolve("opts/lighthouse.jpg")).isRegularFile();
    assertThat(dir.resolve("opts/room.png")).isRegularFile();
  }
}
