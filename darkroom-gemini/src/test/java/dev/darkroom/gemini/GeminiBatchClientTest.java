package dev.darkroom.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.DeferredResults;
import dev.darkroom.ErrorKind;
import dev.darkroom.Generation;
import dev.darkroom.GenerationListener;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.Provenance;
import dev.darkroom.SaveOptions;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import dev.darkroom.testkit.RecordedRequest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class GeminiBatchClientTest {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private GeminiBatchClient client;
  @TempDir Path dir;

  private GeminiBatchClient client(FakeGemini fake, long inlineLimit, int chunk) {
    client = GeminiBatchClient.builder()
        .apiKey(FakeGemini.DEFAULT_API_KEY)
        .baseUrl(fake.baseUrl())
        .sleeper(sleeps::add)
        .inlineLimitBytes(inlineLimit)
        .uploadChunkBytes(chunk)
        .build();
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private static ImageRequest request(String prompt) {
    return ImageRequest.builder().model("gemini-2.5-flash-image").prompt(prompt).aspectRatio("1:1").build();
  }

  @Test
  void inlineBatchGoesPendingRunningSucceededAndReturnsEachResultByKey(FakeGemini fake) throws Exception {
    GeminiBatchClient batches = client(fake, GeminiBatchClient.DEFAULT_INLINE_LIMIT_BYTES, 1 << 20);
    GeminiBatchClient.Job job = batches.create("run-1", List.of(
        new GeminiBatchClient.Entry("k1", request("A red balloon")),
        new GeminiBatchClient.Entry("k2", request("A blue kite"))));

    assertThat(job.name()).startsWith("batches/");
    assertThat(job.state()).isEqualTo(GeminiBatchClient.State.PENDING);
    RecordedRequest create = fake.takeRequest();
    assertThat(create.path()).isEqualTo("/v1beta/models/gemini-2.5-flash-image:batchGenerateContent");
    assertThat(create.json().at("/batch/displayName").asText()).isEqualTo("run-1");
    assertThat(create.json().at("/batch/inputConfig/requests/requests/1/metadata/key").asText()).isEqualTo("k2");
    assertThat(create.json().at("/batch/inputConfig/requests/requests/0/request/contents/0/parts/0/text").asText())
        .isEqualTo("A red balloon");

    List<GeminiBatchClient.State> seen = new ArrayList<>();
    GeminiBatchClient.Job done = batches.await(job.name(), j -> seen.add(j.state()));
    assertThat(seen).containsExactly(GeminiBatchClient.State.RUNNING, GeminiBatchClient.State.SUCCEEDED);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
    assertThat(done.inlineResults()).isTrue();
    assertThat(done.requestCount()).isEqualTo(2);
    assertThat(done.succeededCount()).isEqualTo(2);

    List<GeminiBatchClient.Result> results = new ArrayList<>();
    batches.results(done, results::add);
    assertThat(results).extracting(GeminiBatchClient.Result::key).containsExactly("k1", "k2");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.error()).isNull();
      assertThat(r.response().images()).hasSize(1);
    });

    DeferredResults finisher = new DeferredResults(0, GenerationListener.NONE);
    ImageRequest req = request("A red balloon");
    Generation g = finisher.finish(req, finisher.prepare(req), results.get(0).response(), Duration.ofSeconds(3),
        SaveOptions.builder().file(dir.resolve("balloon.png")).build());
    Path saved = g.images().get(0).path().orElseThrow();
    assertThat(saved).isEqualTo(dir.resolve("balloon.png").toAbsolutePath());
    assertThat(Provenance.read(saved).orElseThrow().prompt()).isEqualTo("A red balloon");
    BigDecimal standard = req.model().pricing().cost(g.usage());
    assertThat(g.costUsd()).isEqualByComparingTo(standard.divide(BigDecimal.valueOf(2)));
  }

  @Test
  void largeSubmissionsGoAsAChunkedResumableUploadAndResultsComeAsAFile(FakeGemini fake) throws Exception {
    fake.batchPollsPerState(0);
    GeminiBatchClient batches = client(fake, 10, 100);
    GeminiBatchClient.Job job = batches.create("big", List.of(
        new GeminiBatchClient.Entry("a", request("A lighthouse at dusk, oil painting")),
        new GeminiBatchClient.Entry("b", request("A lighthouse at dawn, watercolour"))));

    List<RecordedRequest> sent = fake.requests();
    RecordedRequest start = sent.get(0);
    assertThat(start.path()).isEqualTo("/upload/v1beta/files");
    assertThat(start.header("X-Goog-Upload-Protocol")).hasValue("resumable");
    assertThat(start.header("X-Goog-Upload-Command")).hasValue("start");
    long length = Long.parseLong(start.header("X-Goog-Upload-Header-Content-Length").orElseThrow());
    List<RecordedRequest> chunks = sent.subList(1, sent.size() - 1);
    assertThat(chunks).hasSize((int) ((length + 99) / 100));
    assertThat(chunks.get(0).header("X-Goog-Upload-Command")).hasValue("upload");
    assertThat(chunks.get(chunks.size() - 1).header("X-Goog-Upload-Command")).hasValue("upload, finalize");
    assertThat(chunks.get(1).header("X-Goog-Upload-Offset")).hasValue("100");
    RecordedRequest create = sent.get(sent.size() - 1);
    assertThat(create.json().at("/batch/inputConfig/fileName").asText()).startsWith("files/");

    GeminiBatchClient.Job done = batches.await(job.name(), j -> {});
    assertThat(done.responsesFileName()).isPresent();
    List<GeminiBatchClient.Result> results = new ArrayList<>();
    batches.results(done, results::add);
    assertThat(results).extracting(GeminiBatchClient.Result::key).containsExactly("a", "b");
    assertThat(results.get(1).response().images()).hasSize(1);
    assertThat(fake.requests().get(fake.requestCount() - 1).path())
        .startsWith("/download/v1beta/files/").endsWith(":download?alt=media");
  }

  @Test
  void perLineErrorsAndBlocksAreReportedPerKey(FakeGemini fake) throws Exception {
    fake.batchPollsPerState(0);
    GeminiBatchClient batches = client(fake, GeminiBatchClient.DEFAULT_INLINE_LIMIT_BYTES, 1 << 20);
    GeminiBatchClient.Job job = batches.create("mixed", List.of(
        new GeminiBatchClient.Entry("ok", request("A cat")),
        new GeminiBatchClient.Entry("blocked", request("Something bad")),
        new GeminiBatchClient.Entry("broken", request("A dog"))));
    fake.enqueue(FakeReply.textOnly("first line is fine")); // TEXT_ONLY: the first line gets no image
    fake.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"));
    fake.enqueue(FakeReply.status(500, "INTERNAL", "line failed"));

    GeminiBatchClient.Job done = batches.await(job.name(), j -> {});
    assertThat(done.failedCount()).isEqualTo(1);
    List<GeminiBatchClient.Result> results = new ArrayList<>();
    batches.results(done, results::add);
    assertThat(results.get(0).response().outcome().name()).isEqualTo("NO_IMAGE");
    assertThat(results.get(1).response().outcome().name()).isEqualTo("BLOCKED");
    assertThat(results.get(2).error().kind()).isEqualTo(ErrorKind.SERVER);
    assertThat(results.get(2).error().getMessage()).contains("line failed");

    DeferredResults finisher = new DeferredResults(0, GenerationListener.NONE);
    ImageRequest bad = request("Something bad");
    assertThatThrownBy(() -> finisher.finish(bad, List.of(), results.get(1).response(), Duration.ZERO,
        SaveOptions.toDirectory(dir)))
        .isInstanceOf(ContentBlockedException.class).hasMessageContaining("PROHIBITED_CONTENT");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void cancelledExpiredAndFailedBatchesHaveNoResults(FakeGemini fake) {
    GeminiBatchClient batches = client(fake, GeminiBatchClient.DEFAULT_INLINE_LIMIT_BYTES, 1 << 20);
    GeminiBatchClient.Job a = batches.create("a", List.of(new GeminiBatchClient.Entry("x", request("A"))));
    batches.cancel(a.name());
    assertThat(batches.get(a.name()).state()).isEqualTo(GeminiBatchClient.State.CANCELLED);
    assertThatThrownBy(() -> batches.results(batches.get(a.name()), r -> {}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CANCELLED");

    fake.batchPollsPerState(0).enqueueBatchEnd(FakeGemini.BatchEnd.EXPIRED).enqueueBatchEnd(FakeGemini.BatchEnd.FAILED);
    GeminiBatchClient.Job b = batches.create("b", List.of(new GeminiBatchClient.Entry("x", request("B"))));
    assertThat(batches.await(b.name(), j -> {}).state()).isEqualTo(GeminiBatchClient.State.EXPIRED);
    GeminiBatchClient.Job c = batches.create("c", List.of(new GeminiBatchClient.Entry("x", request("C"))));
    GeminiBatchClient.Job failed = batches.await(c.name(), j -> {});
    assertThat(failed.state()).isEqualTo(GeminiBatchClient.State.FAILED);
    assertThat(failed.error()).contains("Batch failed");

    batches.delete(c.name());
    assertThatThrownBy(() -> batches.get(c.name())).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void refusesMixedModelsAndRepeatedKeysBeforeSending(FakeGemini fake) {
    GeminiBatchClient batches = client(fake, GeminiBatchClient.DEFAULT_INLINE_LIMIT_BYTES, 1 << 20);
    ImageRequest pro = ImageRequest.builder().model("gemini-3-pro-image").prompt("x").build();
    assertThatThrownBy(() -> batches.create("m", List.of(new GeminiBatchClient.Entry("a", request("x")),
        new GeminiBatchClient.Entry("b", pro)))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("one model");
    assertThatThrownBy(() -> batches.create("m", List.of(new GeminiBatchClient.Entry("a", request("x")),
        new GeminiBatchClient.Entry("a", request("y"))))).hasMessageContaining("'a' is used twice");
    assertThat(fake.requestCount()).isZero();
  }
}
