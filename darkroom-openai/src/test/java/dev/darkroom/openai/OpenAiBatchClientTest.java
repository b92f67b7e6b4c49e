package dev.darkroom.openai;

import dev.darkroom.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.openai.OpenAiBatchClient;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.FakeOpenAiReply;
import dev.darkroom.testkit.MultipartForm;
import dev.darkroom.testkit.RecordedRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link OpenAiBatchClient} against {@link FakeOpenAI}'s Files and Batch API. */
@ExtendWith(FakeOpenAIExtension.class)
class OpenAiBatchClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private OpenAiBatchClient client;
  @TempDir Path dir;

  private OpenAiBatchClient client(FakeOpenAI fake) {
    client = OpenAiBatchClient.builder()
        .apiKey(FakeOpenAI.DEFAULT_API_KEY)
        .baseUrl(fake.baseUrl())
        .project("proj_darkroom")
        .sleeper(sleeps::add)
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
    return ImageRequest.builder().model("gpt-image-2").prompt(prompt).size("1024x1024").options(OpenAiOptions.builder().quality("low").build()).build();
  }

  private static List<JsonNode> lines(byte[] jsonl) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  @Test
  void uploadsJsonlCreatesTheBatchPollsThroughEveryStateAndReadsOutputAndErrorFiles(FakeOpenAI fake) throws Exception {
    OpenAiBatchClient batches = client(fake);
    OpenAiBatchClient.Job job = batches.create("run-1", List.of(
        new OpenAiBatchClient.Entry("k1", request("A red balloon")),
        new OpenAiBatchClient.Entry("k2", request("A blue kite"))));
    assertThat(job.id()).startsWith("batch_");
    assertThat(job.state()).isEqualTo(OpenAiBatchClient.State.VALIDATING);
    assertThat(job.model()).isEqualTo("gpt-image-2");

    RecordedRequest upload = fake.takeRequest();
    assertThat(upload.method()).isEqualTo("POST");
    assertThat(upload.path()).isEqualTo("/v1/files");
    assertThat(upload.header("Authorization")).hasValue("Bearer " + FakeOpenAI.DEFAULT_API_KEY);
    assertThat(upload.header("OpenAI-Project")).hasValue("proj_darkroom");
    MultipartForm form = upload.multipart();
    assertThat(form.field("purpose")).hasValue("batch");
    MultipartForm.Part file = form.parts("file").get(0);
    assertThat(file.filename()).hasValue("run-1.jsonl");
    assertThat(file.contentType()).isEqualTo("application/jsonl");
    List<JsonNode> lines = lines(file.body());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).toString()).isEqualTo("{\"custom_id\":\"k1\",\"method\":\"POST\",\"url\":"
        + "\"/v1/images/generations\",\"body\":{\"model\":\"gpt-image-2\",\"prompt\":\"A red balloon\",\"n\":1,"
        + "\"size\":\"1024x1024\",\"quality\":\"low\"}}");
    assertThat(lines.get(1).path("custom_id").asText()).isEqualTo("k2");

    RecordedRequest create = fake.takeRequest();
    assertThat(create.path()).isEqualTo("/v1/batches");
    JsonNode body = create.json();
    assertThat(body.path("input_file_id").asText()).startsWith("file-");
    assertThat(body.path("endpoint").asText()).isEqualTo("/v1/images/generations");
    assertThat(body.path("completion_window").asText()).isEqualTo("24h");
    assertThat(body.at("/metadata/darkroom_label").asText()).isEqualTo("run-1");

    fake.enqueue(FakeOpenAiReply.moderationBlocked("output", "violence"));
    List<OpenAiBatchClient.State> seen = new ArrayList<>();
    OpenAiBatchClient.Job done = batches.await(job.id(), j -> seen.add(j.state()));
    assertThat(seen).containsExactly(OpenAiBatchClient.State.IN_PROGRESS, OpenAiBatchClient.State.FINALIZING,
        OpenAiBatchClient.State.COMPLETED);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofMillis(7500));
    assertThat(done.total()).isEqualTo(2);
    assertThat(done.completed()).isEqualTo(1);
    assertThat(done.failed()).isEqualTo(1);
    assertThat(done.outputFileId()).isNotNull();
    assertThat(done.errorFileId()).isNotNull();

    List<OpenAiBatchClient.Result> results = new ArrayList<>();
    batches.results(done, results::add);
    assertThat(results).extracting(OpenAiBatchClient.Result::key).containsExactly("k2", "k1");
    assertThat(results.get(1).error()).isInstanceOf(ContentBlockedException.class)
        .hasMessageContaining("violence");
    assertThat(results.get(1).notExecuted()).isFalse();

    DeferredResults finisher = new DeferredResults(0, GenerationListener.NONE);
    ImageRequest kite = request("A blue kite");
    Generation g = finisher.finish(kite, List.of(), results.get(0).response(), Duration.ofMinutes(3),
        SaveOptions.toDirectory(dir));
    assertThat(g.images()).singleElement().satisfies(i -> {
      assertThat(i.width()).isEqualTo(1024);
      assertThat(i.path()).isPresent();
    });
    BigDecimal standard = kite.model().pricing().cost(g.usage());
    assertThat(g.costUsd()).isEqualByComparingTo(standard.divide(BigDecimal.valueOf(2)));
    assertThat(Provenance.read(g.images().get(0).path().get())).hasValueSatisfying(p ->
        assertThat(p.prompt()).isEqualTo("A blue kite"));

    List<String> paths = fake.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    assertThat(paths).contains("GET /v1/files/" + done.outputFileId() + "/content",
        "GET /v1/files/" + done.errorFileId() + "/content");
  }

  @Test
  void editsGoAsJsonWithDataUrlsToTheEditsEndpointAndMixingEndpointsIsRefused(FakeOpenAI fake) throws Exception {
    Path room = TestImages.writePng(dir.resolve("room.png"), 96, 64);
    Path mask = Files.write(dir.resolve("mask.png"), OpenAiGenerateTest.maskPng(96, 64));
    ImageRequest edit = ImageRequest.builder().model("gpt-image-2").prompt("Add a sofa")
        .addImage(ImageInput.of(room)).mask(ImageInput.of(mask)).options(OpenAiOptions.builder().quality("low").build()).build();
    OpenAiBatchClient batches = client(fake);

    assertThatThrownBy(() -> batches.create("mixed", List.of(new OpenAiBatchClient.Entry("a", request("x")),
        new OpenAiBatchClient.Entry("b", edit))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("one endpoint");
    assertThat(fake.requestCount()).isZero();

    OpenAiBatchClient.Job job = batches.create("edits", List.of(new OpenAiBatchClient.Entry("e1", edit)));
    assertThat(job.endpoint()).isEqualTo(OpenAiBatchClient.EDITS);
    JsonNode line = lines(fake.takeRequest().multipart().parts("file").get(0).body()).get(0);
    assertThat(line.path("url").asText()).isEqualTo("/v1/images/edits");
    String image = line.at("/body/images/0/image_url").asText();
    assertThat(image).startsWith("data:image/png;base64,");
    assertThat(Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1)))
        .isEqualTo(Files.readAllBytes(room));
    String maskUrl = line.at("/body/mask/image_url").asText();
    assertThat(Base64.getDecoder().decode(maskUrl.substring(maskUrl.indexOf(',') + 1)))
        .isEqualTo(Files.readAllBytes(mask));
    assertThat(fake.takeRequest().json().path("endpoint").asText()).isEqualTo("/v1/images/edits");

    OpenAiBatchClient.Job done = batches.await(job.id(), j -> {});
    List<OpenAiBatchClient.Result> results = new ArrayList<>();
    batches.results(done, results::add);
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.error()).isNull();
      assertThat(r.response().images()).hasSize(1);
      // auto size of a landscape edit image
      assertThat(r.response().usage().imageInputTokens()).isPositive();
    });
    DeferredResults finisher = new DeferredResults(0, GenerationListener.NONE);
    List<PreparedInput> inputs = finisher.prepare(edit);
    Generation g = finisher.finish(edit, inputs, results.get(0).response(), Duration.ZERO, SaveOptions.toDirectory(dir));
    assertThat(g.images().get(0).width()).isEqualTo(1536);
  }

  @Test
  void anExpiredBatchHasPartialResultsAndTheRestAreMarkedNotExecuted(FakeOpenAI fake) {
    fake.enqueueBatchEnd(FakeOpenAI.BatchEnd.EXPIRED);
    OpenAiBatchClient batches = client(fake);
    OpenAiBatchClient.Job job = batches.create("late", List.of(new OpenAiBatchClient.Entry("a", request("a")),
        new OpenAiBatchClient.Entry("b", request("b")), new OpenAiBatchClient.Entry("c", request("c")),
        new OpenAiBatchClient.Entry("d", request("d"))));
    OpenAiBatchClient.Job done = batches.await(job.id(), j -> {});
    assertThat(done.state()).isEqualTo(OpenAiBatchClient.State.EXPIRED);
    assertThat(done.hasResults()).isTrue();
    List<OpenAiBatchClient.Result> results = new ArrayList<>();
    batches.results(done, results::add);
    assertThat(results).filteredOn(r -> r.response() != null).extracting(OpenAiBatchClient.Result::key)
        .containsExactly("a", "b");
    assertThat(results).filteredOn(OpenAiBatchClient.Result::notExecuted).extracting(OpenAiBatchClient.Result::key)
        .containsExactly("c", "d");
    assertThat(results.get(3).error()).hasMessageContaining("batch_expired");
  }

  @Test
  void aBatchFailingValidationReportsItsErrorsAndHasNoResults(FakeOpenAI fake) {
    fake.enqueueBatchEnd(FakeOpenAI.BatchEnd.FAILED);
    OpenAiBatchClient batches = client(fake);
    OpenAiBatchClient.Job job = batches.create("bad", List.of(new OpenAiBatchClient.Entry("a", request("a"))));
    OpenAiBatchClient.Job done = batches.await(job.id(), j -> {});
    assertThat(done.state()).isEqualTo(OpenAiBatchClient.State.FAILED);
    assertThat(done.error()).contains("server_error");
    assertThat(done.hasResults()).isFalse();
    assertThatThrownBy(() -> batches.results(done, r -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void cancellingGoesThroughCancellingToCancelledWithEveryLineNotExecuted(FakeOpenAI fake) {
    OpenAiBatchClient batches = client(fake);
    OpenAiBatchClient.Job job = batches.create("stop", List.of(new OpenAiBatchClient.Entry("a", request("a"))));
    OpenAiBatchClient.Job cancelling = batches.cancel(job.id());
    assertThat(cancelling.state()).isEqualTo(OpenAiBatchClient.State.CANCELLING);
    assertThat(fake.requests().get(fake.requestCount() - 1).path()).isEqualTo("/v1/batches/" + job.id() + "/cancel");
    OpenAiBatchClient.Job cancelled = batches.await(job.id(), j -> {});
    assertThat(cancelled.state()).isEqualTo(OpenAiBatchClient.State.CANCELLED);
    List<OpenAiBatchClient.Result> results = new ArrayList<>();
    batches.results(cancelled, results::add);
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.notExecuted()).isTrue();
      assertThat(r.error()).hasMessageContaining("batch_cancelled");
    });
    assertThatThrownBy(() -> batches.cancel(job.id())).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Cannot cancel a batch with status 'cancelled'");
  }

  @Test
  void refusesWhatABatchCannotCarryBeforeSendingAndNamesUnknownBatches(FakeOpenAI fake) {
    OpenAiBatchClient batches = client(fake);
    ImageRequest streaming = ImageRequest.builder().model("gpt-image-2").prompt("x").options(OpenAiOptions.builder().partialImages(2).build()).build();
    assertThatThrownBy(() -> batches.create("p", List.of(new OpenAiBatchClient.Entry("a", streaming))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("partial images");
    assertThatThrownBy(() -> batches.create("dup", List.of(new OpenAiBatchClient.Entry("a", request("x")),
        new OpenAiBatchClient.Entry("a", request("y")))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("used twice");
    assertThat(fake.requestCount()).isZero();

    assertThatThrownBy(() -> batches.get("batch_nope")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("OpenAI has no batch batch_nope");
    assertThatThrownBy(() -> OpenAiBatchClient.builder().build()).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("OPENAI_API_KEY");
  }
}
