package dev.darkroom.openai;

import dev.darkroom.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.FakeOpenAiReply;
import dev.darkroom.testkit.MultipartForm;
import dev.darkroom.testkit.RecordedRequest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI provider end to end against {@link FakeOpenAI}. */
@ExtendWith(FakeOpenAIExtension.class)
class OpenAiGenerateTest {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<String> partials = new CopyOnWriteArrayList<>();
  private Darkroom client;

  private Darkroom client(FakeOpenAI fake) {
    client = Darkroom.builder()
        .setting("openai.apiKey", FakeOpenAI.DEFAULT_API_KEY)
        .setting("openai.baseUrl", fake.baseUrl())
        .setting("openai.organization", "org-darkroom")
        .setting("openai.project", "proj_darkroom")
        // gpt-image-1.5 passed its listed shutdown date (2026-12-01); these tests still exercise it
        .env(java.util.Map.of(dev.darkroom.ModelInfo.ALLOW_SHUTDOWN_ENV, "gpt-image-1.5"))
        .sleeper(sleeps::add)
        .random(() -> 0.5)
        .listener(new GenerationListener() {
          @Override
          public void onWarning(String message) {
            warnings.add(message);
          }

          @Override
          public void onPartialImage(int call, int index, GeneratedImage partial) {
            partials.add(call + ":" + index + ":" + partial.width() + "x" + partial.height()
                + partial.path().map(p -> ":" + p.getFileName()).orElse(""));
          }
        })
        .build();
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void generationSendsJsonWithTheKeyOnlyInTheHeaderAndCostsFromUsage(FakeOpenAI fake) throws Exception {
    ImageResult result = client(fake).generate(ImageRequest.builder().model("gpt-image-2")
        .prompt("A red fox in fresh snow").size("1536x1024")
        .options(OpenAiOptions.builder().quality("high").background("opaque").outputFormat("jpeg").outputCompression(80).moderation("low").safetyIdentifier("user-7f3e").build()).build());

    RecordedRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/images/generations");
    assertThat(sent.header("Authorization")).hasValue("Bearer " + FakeOpenAI.DEFAULT_API_KEY);
    assertThat(sent.header("OpenAI-Organization")).hasValue("org-darkroom");
    assertThat(sent.header("OpenAI-Project")).hasValue("proj_darkroom");
    assertThat(sent.header("Content-Type")).hasValue("application/json");
    JsonNode body = sent.json();
    assertThat(body.toString()).isEqualTo("{\"model\":\"gpt-image-2\",\"prompt\":\"A red fox in fresh snow\",\"n\":1,"
        + "\"size\":\"1536x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"jpeg\","
        + "\"output_compression\":80,\"moderation\":\"low\",\"safety_identifier\":\"user-7f3e\"}");
    assertThat(sent.bodyUtf8()).doesNotContain(FakeOpenAI.DEFAULT_API_KEY);

    GeneratedImage image = result.image();
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.width()).isEqualTo(1536);
    assertThat(image.height()).isEqualTo(1024);
    Generation g = result.generations().get(0);
    assertThat(g.responseId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    // gpt-image-2 high at 1536x1024 is 5488 output tokens (the reference's table); prompt 6 text tokens.
    assertThat(g.usage().imageOutputTokens()).isEqualTo(5488);
    assertThat(g.usage().imageInputTokens()).isZero();
    assertThat(g.usage().promptTokens()).isEqualTo(6);
    BigDecimal expected = new BigDecimal("5.00").multiply(BigDecimal.valueOf(6))
        .add(new BigDecimal("30").multiply(BigDecimal.valueOf(5488))).divide(BigDecimal.valueOf(1_000_000));
    assertThat(g.costUsd()).isEqualByComparingTo(expected);
  }

  @Test
  void editSendsMultipartWithEveryImageItsContentTypeAndTheMask(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    Path first = Files.write(dir.resolve("room.png"), TestImages.png(96, 64));
    Path second = Files.write(dir.resolve("sofa.jpg"), TestImages.jpeg(40, 30));
    Path mask = Files.write(dir.resolve("mask.png"), maskPng(96, 64));
    ImageResult result = client(fake).generate(ImageRequest.builder().model("gpt-image-2")
        .prompt("Put the sofa into the room").addImage(ImageInput.of(first)).addImage(ImageInput.of(second))
        .mask(ImageInput.of(mask)).options(OpenAiOptions.builder().quality("low").build()).build(), SaveOptions.toDirectory(dir.resolve("out")));

    RecordedRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/images/edits");
    assertThat(sent.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("multipart/form-data; boundary="));
    MultipartForm form = sent.multipart();
    assertThat(form.field("model")).hasValue("gpt-image-2");
    assertThat(form.field("prompt")).hasValue("Put the sofa into the room");
    assertThat(form.field("n")).hasValue("1");
    assertThat(form.field("quality")).hasValue("low");
    List<MultipartForm.Part> images = form.parts("image[]");
    assertThat(images).extracting(MultipartForm.Part::contentType).containsExactly("image/png", "image/jpeg");
    assertThat(images).extracting(p -> p.filename().orElseThrow()).containsExactly("image-1.png", "image-2.jpg");
    assertThat(images.get(0).body()).isEqualTo(Files.readAllBytes(first));
    assertThat(images.get(1).body()).isEqualTo(Files.readAllBytes(second));
    MultipartForm.Part maskPart = form.parts("mask").get(0);
    assertThat(maskPart.contentType()).isEqualTo("image/png");
    assertThat(maskPart.body()).isEqualTo(Files.readAllBytes(mask));

    Generation g = result.generations().get(0);
    assertThat(g.usage().imageInputTokens()).isPositive();
    assertThat(g.costUsd()).isEqualByComparingTo(result.request().model().pricing().cost(g.usage()));
    Provenance p = Provenance.read(result.image().path().orElseThrow()).orElseThrow();
    assertThat(p.get("provider")).hasValue("openai");
    assertThat(p.model()).isEqualTo("gpt-image-2");
    assertThat(p.get("quality")).hasValue("low");
    assertThat(p.get("mask")).hasValue(mask.toString());
    assertThat(p.json()).contains("imageInputTokens").doesNotContain(FakeOpenAI.DEFAULT_API_KEY);
  }

  @Test
  void oneEditImageIsSentAsImage(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    Path first = Files.write(dir.resolve("a.webp.png"), TestImages.png(64, 64));
    client(fake).generate(ImageRequest.builder().model("gpt-image-2.6-flare").prompt("Make it night")
        .addImage(ImageInput.of(first)).build());
    MultipartForm form = fake.takeRequest().multipart();
    assertThat(form.parts("image")).hasSize(1);
    assertThat(form.parts("image[]")).isEmpty();
  }

  @Test
  void partialImagesStreamAsProgressAreSavedAndTheFinalImageIsTheResult(FakeOpenAI fake, @TempDir Path dir)
      throws Exception {
    ImageResult result = client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("A lighthouse")
        .size("1024x1024").options(OpenAiOptions.builder().quality("low").partialImages(2).build()).build(),
        SaveOptions.builder().directory(dir).baseName("lighthouse").savePartialImages(true).build());

    RecordedRequest sent = fake.takeRequest();
    assertThat(sent.header("Accept")).hasValue("text/event-stream");
    assertThat(sent.json().get("stream").asBoolean()).isTrue();
    assertThat(sent.json().get("partial_images").asInt()).isEqualTo(2);
    assertThat(partials).containsExactly("0:0:1024x1024:lighthouse-partial-1.png", "0:1:1024x1024:lighthouse-partial-2.png");
    assertThat(Files.exists(dir.resolve("lighthouse-partial-1.png"))).isTrue();
    assertThat(Provenance.read(dir.resolve("lighthouse-partial-2.png")).orElseThrow().json()).contains("\"partial\" : 1");
    assertThat(result.images()).hasSize(1);
    assertThat(result.image().path()).hasValue(dir.resolve("lighthouse.png"));
    // 196 low-quality tokens plus 100 per partial image.
    assertThat(result.usage().imageOutputTokens()).isEqualTo(396);
  }

  @Test
  void severalImagesComeFromOneCallWithN(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    ImageResult result = client(fake).generate(ImageRequest.builder().model("gpt-image-1.5").prompt("cat")
        .size("1024x1024").count(3).options(OpenAiOptions.builder().quality("medium").build()).build(), SaveOptions.toDirectory(dir));
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(fake.takeRequest().json().get("n").asInt()).isEqualTo(3);
    assertThat(result.images()).hasSize(3);
    assertThat(result.images()).extracting(i -> i.path().orElseThrow().getFileName().toString())
        .containsExactly("cat-1.png", "cat-2.png", "cat-3.png");
    assertThat(result.usage().imageOutputTokens()).isEqualTo(3 * 1056);
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("deprecated").contains("2026-12-01")
        .contains("shutdown date is overridden"));
  }

  @Test
  void aspectRatioAndImageSizeAreMappedToTheClosestSizeWithAWarning(FakeOpenAI fake) throws Exception {
    ImageResult result = client(fake).generate(ImageRequest.builder().model("gpt-image-2.6-sunburst")
        .prompt("a wide landscape").aspectRatio("16:9").imageSize("1K").build());
    assertThat(fake.takeRequest().json().get("size").asText()).isEqualTo("1536x1024");
    assertThat(result.image().width()).isEqualTo(1536);
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("16:9 at 1K was mapped to 1536x1024"));
  }

  @Test
  void retryAfterHeaderInSecondsIsHonouredWithoutRetryAfterMs(FakeOpenAI fake) {
    fake.enqueue(FakeOpenAiReply.retryAfterSeconds(3));
    client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("cat").build());
    assertThat(sleeps).containsExactly(Duration.ofMillis(3150));
  }

  @Test
  void insufficientQuotaIsAQuotaErrorThatIsNeverRetried(FakeOpenAI fake) {
    fake.enqueue(FakeOpenAiReply.insufficientQuota());
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("cat").build()))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.httpStatus()).isEqualTo(429);
          assertThat(e.vendorStatus()).hasValue("insufficient_quota");
        })
        .hasMessageContaining("billing");
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void moderationBlockIsContentBlockedWithItsCategories(FakeOpenAI fake) {
    fake.enqueue(FakeOpenAiReply.moderationBlocked("output", "sexual", "violence"));
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("x").build()))
        .isInstanceOfSatisfying(ContentBlockedException.class, e -> {
          assertThat(e.reason()).isEqualTo("moderation_blocked");
          assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_BLOCKED);
          assertThat(e.httpStatus()).isEqualTo(400);
        })
        .hasMessageContaining("the generated image")
        .hasMessageContaining("sexual, violence");
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void unverifiedOrganizationIsAnAuthenticationErrorSayingWhatToDo(FakeOpenAI fake) {
    fake.enqueue(FakeOpenAiReply.organizationNotVerified());
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("x").build()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("must be verified to use gpt-image-2")
        .hasMessageContaining("https://platform.openai.com/settings/organization/general")
        .hasMessageContaining("Verify Organization");
  }

  @Test
  void unknownModelAtOpenAiNamesTheCurrentModels(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    Path table = Files.writeString(dir.resolve("models.json"), "{\"models\": [{\"id\": \"gpt-image-9\","
        + " \"provider\": \"openai\", \"sizes\": [\"1024x1024\"], \"maxImagesPerCall\": 10}]}");
    client = Darkroom.builder().setting("openai.apiKey", FakeOpenAI.DEFAULT_API_KEY).setting("openai.baseUrl", fake.baseUrl())
        .catalog(ModelCatalog.builtIn().withOverrides(table)).build();
    assertThatThrownBy(() -> client.generate(client.request().model("gpt-image-9").prompt("x").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not serve model gpt-image-9")
        .hasMessageContaining("gpt-image-2.6-sunburst");
  }

  @Test
  void serverErrorsAndBrokenAnswersAreRetried(FakeOpenAI fake) {
    fake.enqueue(FakeOpenAiReply.status(503, "server_error", null, "The server is overloaded."));
    fake.enqueue(FakeOpenAiReply.connectionReset());
    fake.enqueue(FakeOpenAiReply.truncatedBody());
    ImageResult result = client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("cat").build());
    assertThat(result.generations().get(0).attempts()).isEqualTo(4);
  }

  @Test
  void errorEventInTheStreamIsMapped(FakeOpenAI fake) {
    fake.enqueue(FakeOpenAiReply.streamError("moderation_blocked", "Your request was rejected by the safety system."));
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("x")
        .options(OpenAiOptions.builder().partialImages(1).build()).build()))
        .isInstanceOf(ContentBlockedException.class);
    assertThat(partials).hasSize(1);
  }

  @Test
  void wrongKeyNamesTheVariableThatSetsIt(FakeOpenAI fake) {
    fake.apiKey("sk-other-key-1234");
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().model("gpt-image-2").prompt("x").build()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void missingOpenAiKeyNamesTheVariableAndSendsNothing(FakeOpenAI fake) {
    client = Darkroom.builder().setting("gemini.apiKey", "gemini-key").setting("openai.baseUrl", fake.baseUrl()).build();
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().model("gpt-image-2").prompt("x").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageContaining("provider openai");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void environmentConfiguresOpenAi(FakeOpenAI fake) {
    client = Darkroom.builder().env(java.util.Map.of("OPENAI_API_KEY", FakeOpenAI.DEFAULT_API_KEY,
        "OPENAI_BASE_URL", fake.baseUrl(), "OPENAI_ORG_ID", "org-env", "OPENAI_PROJECT_ID", "proj-env")).build();
    client.generate(ImageRequest.builder().model("gpt-image-2").prompt("x").build());
    RecordedRequest sent = fake.requests().get(0);
    assertThat(sent.header("OpenAI-Organization")).hasValue("org-env");
    assertThat(sent.header("OpenAI-Project")).hasValue("proj-env");
  }

  @Test
  void maskOfTheWrongSizeIsRefusedBeforeSending(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    Path first = Files.write(dir.resolve("room.png"), TestImages.png(96, 64));
    Path mask = Files.write(dir.resolve("mask.png"), maskPng(64, 64));
    assertThatThrownBy(() -> ImageRequest.builder().model("gpt-image-2").prompt("x").addImage(ImageInput.of(first))
        .mask(ImageInput.of(mask)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("is 64x64 but the first image")
        .hasMessageContaining("96x64");
    Path opaque = Files.write(dir.resolve("opaque.png"), TestImages.png(96, 64));
    assertThatThrownBy(() -> ImageRequest.builder().model("gpt-image-2").prompt("x").addImage(ImageInput.of(first))
        .mask(ImageInput.of(opaque)).build())
        .hasMessageContaining("has no alpha channel");
    assertThatThrownBy(() -> ImageRequest.builder().model("gpt-image-2").prompt("x").addImage(ImageInput.of(first))
        .mask(ImageInput.of(Files.write(dir.resolve("m.jpg"), TestImages.jpeg(96, 64)))).build())
        .hasMessageContaining("is not a PNG");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void dryRunDescribesTheMultipartEditWithoutData(FakeOpenAI fake, @TempDir Path dir) throws Exception {
    Path first = Files.write(dir.resolve("room.png"), TestImages.png(96, 64));
    client = Darkroom.builder().build();
    Darkroom.DryRun dry = client.dryRun(ImageRequest.builder().model("gpt-image-2")
        .prompt("x").addImage(ImageInput.of(first)).size("1024x1024").options(OpenAiOptions.builder().quality("high").build()).build());
    assertThat(dry.endpoint()).isEqualTo("https://api.openai.com/v1/images/edits");
    assertThat(dry.body()).contains("multipart/form-data").contains("\"quality\" : \"high\"").contains("96x64");
    // gpt-image-2 high at 1024x1024: 7024 tokens at $30/M, plus the prompt and one image.
    assertThat(dry.estimatedCostUsd()).isBetween(new BigDecimal("0.2107"), new BigDecimal("0.22"));
  }

  static byte[] maskPng(int w, int h) {
    BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = mask.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, w, h);
    g.setComposite(java.awt.AlphaComposite.Clear);
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return TestImages.encode(mask, "png");
  }
}
