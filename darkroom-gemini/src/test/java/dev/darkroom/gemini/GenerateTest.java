package dev.darkroom.gemini;

import dev.darkroom.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import dev.darkroom.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class GenerateTest {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private Darkroom client;

  private Darkroom client(FakeGemini fake) {
    client = Darkroom.builder()
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl())
        .sleeper(sleeps::add)
        .random(() -> 0.5)
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
  void generatesAnImageWithUsageCostAndMetadata(FakeGemini fake) throws Exception {
    ImageResult result = client(fake).generate(ImageRequest.builder()
        .model("gemini-3-pro-image").prompt("A red fox in snow").aspectRatio("16:9").imageSize("2K").build());

    GeneratedImage image = result.image();
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.width()).isEqualTo(2752);
    assertThat(image.height()).isEqualTo(1536);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
    assertThat(decoded.getWidth()).isEqualTo(2752);
    assertThat(image.isThought()).isFalse();
    Generation g = result.generations().get(0);
    assertThat(g.responseId()).isPresent();
    assertThat(g.modelVersion()).isPresent();
    assertThat(g.finishReason()).isEqualTo("STOP");
    assertThat(g.usage().imageOutputTokens()).isEqualTo(1120);
    assertThat(g.usage().totalTokens()).isEqualTo(g.usage().promptTokens() + g.usage().outputTokens() + g.usage().thoughtTokens());
    assertThat(g.costUsd()).isEqualByComparingTo(result.request().model().pricing().cost(g.usage()));
    assertThat(result.costUsd()).isGreaterThan(new java.math.BigDecimal("0.134"));
    assertThat(g.attempts()).isEqualTo(1);
  }

  @Test
  void sendsTheDocumentedWireFormatWithTheKeyOnlyInTheHeader(FakeGemini fake, @TempDir Path dir) throws Exception {
    Path ref = TestImages.writePng(dir.resolve("ref.png"), 64, 48);
    client(fake).generate(ImageRequest.builder()
        .model("gemini-3-pro-image").prompt("Put the logo on a mug").addImage(ImageInput.of(ref))
        .aspectRatio("4:3").imageSize("4K")
        .seed(42)
        
        .options(GeminiOptions.builder().systemPrompt("You are a product photographer.").temperature(0.7).thinkingLevel(ThinkingLevel.HIGH).googleSearch(true).addSafetySetting(SafetySetting.parse("dangerous_content=block_only_high")).build()).build());

    RecordedRequest sent = fake.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-3-pro-image:generateContent");
    assertThat(sent.header("x-goog-api-key")).hasValue(FakeGemini.DEFAULT_API_KEY);
    assertThat(sent.header("content-type")).hasValue("application/json");
    JsonNode body = sent.json();
    JsonNode parts = body.at("/contents/0/parts");
    assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
    assertThat(parts.get(0).at("/inlineData/mimeType").asText()).isEqualTo("image/png");
    assertThat(java.util.Base64.getDecoder().decode(parts.get(0).at("/inlineData/data").asText()))
        .isEqualTo(Files.readAllBytes(ref));
    assertThat(parts.get(1).get("text").asText()).isEqualTo("Put the logo on a mug");
    assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are a product photographer.");
    assertThat(body.at("/tools/0/googleSearch").isObject()).isTrue();
    assertThat(body.at("/safetySettings/0/category").asText()).isEqualTo("HARM_CATEGORY_DANGEROUS_CONTENT");
    JsonNode config = body.get("generationConfig");
    assertThat(config.get("responseModalities").toString()).isEqualTo("[\"TEXT\",\"IMAGE\"]");
    assertThat(config.at("/imageConfig/aspectRatio").asText()).isEqualTo("4:3");
    assertThat(config.at("/imageConfig/imageSize").asText()).isEqualTo("4K");
    assertThat(config.at("/thinkingConfig/thinkingLevel").asText()).isEqualTo("HIGH");
    assertThat(config.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(config.get("seed").asInt()).isEqualTo(42);
  }

  @Test
  void fixedSizeModelsGetNoImageSizeField(FakeGemini fake) throws Exception {
    client(fake).generate(ImageRequest.builder().model("gemini-2.5-flash-image").prompt("cat").options(GeminiOptions.builder().imageOnly(true).build()).build());
    JsonNode config = fake.takeRequest().json().get("generationConfig");
    assertThat(config.has("imageConfig")).isFalse();
    assertThat(config.get("responseModalities").toString()).isEqualTo("[\"IMAGE\"]");
  }

  @Test
  void thoughtsStreamAndInterimImagesAreMarked(FakeGemini fake) throws Exception {
    List<String> streamed = new CopyOnWriteArrayList<>();
    client = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl())
        .listener(new GenerationListener() {
          @Override
          public void onThought(int call, String text) {
            streamed.add(text);
          }
        }).build();
    fake.thoughtSignatureBytes(2_000_000);
    ImageResult result = client.generate(ImageRequest.builder().model("gemini-3-pro-image").prompt("an axolotl")
        .options(GeminiOptions.builder().includeThoughts(true).thinkingLevel(ThinkingLevel.HIGH).build()).build());

    assertThat(fake.takeRequest().path()).isEqualTo("/v1beta/models/gemini-3-pro-image:streamGenerateContent?alt=sse");
    Generation g = result.generations().get(0);
    assertThat(g.thoughts()).isNotBlank();
    assertThat(String.join("", streamed)).isEqualTo(g.thoughts());
    assertThat(g.thoughtImages()).hasSize(1).allSatisfy(i -> assertThat(i.isThought()).isTrue());
    assertThat(g.images()).hasSize(1).allSatisfy(i -> assertThat(i.isThought()).isFalse());
    assertThat(g.usage().thoughtTokens()).isPositive();
  }

  @Test
  void groundingSourcesAreReported(FakeGemini fake) {
    Generation g = client(fake).generate(ImageRequest.builder().model("gemini-3-pro-image")
        .prompt("today's weather in Paris as an infographic").options(GeminiOptions.builder().googleSearch(true).build()).build()).generations().get(0);
    assertThat(g.groundingSources()).isNotEmpty().allSatisfy(s -> assertThat(s.uri()).startsWith("http"));
    assertThat(g.searchQueries()).isNotEmpty();
  }

  @Test
  void retryAfterHeaderIsHonoured(FakeGemini fake) {
    fake.enqueue(FakeReply.retryAfterHeader(7));
    client(fake).generate(ImageRequest.builder().prompt("cat").build());
    assertThat(sleeps).containsExactly(Duration.ofMillis(7350));
  }

  @Test
  void dailyQuotaIsNotRetried(FakeGemini fake) {
    fake.enqueue(FakeReply.dailyQuotaExhausted());
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(429);
          assertThat(e.vendorStatus()).hasValue("RESOURCE_EXHAUSTED");
          assertThat(e.getMessage()).contains("daily quota");
        });
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void serverErrorsAndBrokenResponsesAreRetriedWithFullJitterBackoff(FakeGemini fake) {
    fake.enqueue(FakeReply.status(503, "UNAVAILABLE", "The model is overloaded."));
    fake.enqueue(FakeReply.connectionReset());
    fake.enqueue(FakeReply.truncatedBody());
    ImageResult result = client(fake).generate(ImageRequest.builder().prompt("cat").build());
    assertThat(result.images()).hasSize(1);
    assertThat(fake.requestCount()).isEqualTo(4);
    // full jitter at random 0.5: half of 2 s, 4 s, 8 s
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void retriesStopAfterMaxAttempts(FakeGemini fake) {
    for (int i = 0; i < 5; i++) {
      fake.enqueue(FakeReply.malformedJson());
    }
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.attempts()).isEqualTo(4));
    assertThat(fake.requestCount()).isEqualTo(4);
  }

  @Test
  void htmlFromAProxyIsAServerErrorWithItsFirstLine(FakeGemini fake) {
    for (int i = 0; i < 4; i++) {
      fake.enqueue(FakeReply.html(502));
    }
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(502))
        .hasMessageContaining("502");
  }

  @Test
  void clientErrorsAreNeverRetried(FakeGemini fake) {
    fake.enqueue(FakeReply.status(400, "INVALID_ARGUMENT", "Unknown name \"foo\""));
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("INVALID_ARGUMENT");
    fake.enqueue(FakeReply.status(403, "PERMISSION_DENIED", "Permission denied"));
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOf(AuthenticationException.class);
    fake.enqueue(FakeReply.status(402, "RESOURCE_EXHAUSTED", "Credit balance is exhausted"));
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOf(QuotaExceededException.class).hasMessageContaining("prepaid credit");
    assertThat(fake.requestCount()).isEqualTo(3);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void missingKeyIsRefusedBeforeSending(FakeGemini fake) {
    client = Darkroom.builder().setting("gemini.baseUrl", fake.baseUrl()).build();
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("GEMINI_API_KEY");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void blockedOutputIsReportedWithReasonAndNotRetried(FakeGemini fake) {
    fake.enqueue(FakeReply.imageSafety());
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOfSatisfying(ContentBlockedException.class, e -> {
          assertThat(e.reason()).isEqualTo("IMAGE_SAFETY");
          assertThat(e.generation()).isPresent();
          assertThat(e.getMessage()).contains("IMAGE_SAFETY").contains("rephrase");
        });
    fake.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"));
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOfSatisfying(ContentBlockedException.class, e -> assertThat(e.reason()).isEqualTo("PROHIBITED_CONTENT"))
        .hasMessageContaining("the prompt");
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void noImageAndTextOnlyAnswersCarryTheModelsText(FakeGemini fake) {
    fake.enqueue(FakeReply.noImage());
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOfSatisfying(NoImageException.class, e -> assertThat(e.finishReason()).isEqualTo("NO_IMAGE"));
    fake.enqueue(FakeReply.textOnly("I cannot draw that, but here is a poem."));
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().prompt("cat").build()))
        .isInstanceOfSatisfying(NoImageException.class, e -> {
          assertThat(e.finishReason()).isEqualTo("STOP");
          assertThat(e.modelText()).isEqualTo("I cannot draw that, but here is a poem.");
        })
        .hasMessageContaining("here is a poem");
  }

  @Test
  void severalImagesRunInParallelAndPartialFailuresKeepTheSuccesses(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.imageSafety());
    ImageResult result = client(fake).generate(
        ImageRequest.builder().prompt("a cat").count(3).build(),
        SaveOptions.builder().directory(dir).baseName("cat").build());
    assertThat(result.images()).hasSize(2);
    assertThat(result.failures()).singleElement().isInstanceOf(ContentBlockedException.class);
    assertThat(result.images()).allSatisfy(i -> assertThat(i.path()).hasValueSatisfying(p -> assertThat(p).exists()));
    assertThat(fake.requestCount()).isEqualTo(3);
  }

  @Test
  void savesAtomicallyWithProvenanceAndNeverOverwrites(FakeGemini fake, @TempDir Path dir) throws Exception {
    Path ref = TestImages.writePng(dir.resolve("ref.png"), 32, 32);
    ImageRequest request = ImageRequest.builder().model("gemini-3-pro-image").prompt("A fox, MUST be orange")
        .addImage(ImageInput.of(ref)).seed(7).aspectRatio("1:1").options(GeminiOptions.builder().systemPrompt("Photoreal.").build()).build();
    SaveOptions save = SaveOptions.builder().directory(dir).baseName("fox").build();
    Path first = client(fake).generate(request, save).image().path().orElseThrow();
    Path second = client.generate(request, save).image().path().orElseThrow();
    assertThat(first.getFileName()).hasToString("fox.jpg");
    assertThat(second.getFileName()).hasToString("fox-1.jpg");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ref.png", "fox.jpg", "fox-1.jpg");
    }
    Provenance p = Provenance.read(first).orElseThrow();
    assertThat(p.prompt()).isEqualTo("A fox, MUST be orange");
    assertThat(p.systemPrompt()).hasValue("Photoreal.");
    assertThat(p.model()).isEqualTo("gemini-3-pro-image");
    assertThat(p.get("seed")).hasValue("7");
    assertThat(p.responseId()).isPresent();
    assertThat(p.json()).contains(dev.darkroom.internal.image.Digests.sha256Hex(Files.readAllBytes(ref)))
        .contains("\"costUsd\"").contains("\"darkroom\"").doesNotContain(FakeGemini.DEFAULT_API_KEY);
    assertThat(ImageIO.read(first.toFile()).getWidth()).isEqualTo(1024);
  }

  @Test
  void formatConversionAndPngParametersChunk(FakeGemini fake, @TempDir Path dir) throws Exception {
    ImageResult r = client(fake).generate(ImageRequest.builder().model("gemini-3-pro-image").prompt("cat").seed(3).build(),
        SaveOptions.builder().directory(dir).baseName("cat").format(OutputFormat.PNG).build());
    Path png = r.image().path().orElseThrow();
    assertThat(png.getFileName()).hasToString("cat.png");
    byte[] bytes = Files.readAllBytes(png);
    assertThat(dev.darkroom.internal.image.ImageFormat.sniff(bytes)).hasValue(dev.darkroom.internal.image.ImageFormat.PNG);
    assertThat(dev.darkroom.internal.image.PngText.read(bytes).get("parameters")).startsWith("cat\n").contains("Seed: 3");
    assertThat(r.image().sha256()).isEqualTo(dev.darkroom.internal.image.Digests.sha256Hex(bytes));
  }

  @Test
  void gridIsSlicedIntoCellsSavedWithTheirRectangles(FakeGemini fake, @TempDir Path dir) throws Exception {
    ImageResult r = client(fake).generate(
        ImageRequest.builder().model("gemini-3-pro-image").prompt("a 2x2 grid of four fruit").grid(new Grid(2, 2))
            .imageSize("2K").aspectRatio("1:1").build(),
        SaveOptions.builder().directory(dir).baseName("fruit").build());
    GeneratedImage original = r.image();
    assertThat(original.path()).hasValueSatisfying(p -> assertThat(p.getFileName()).hasToString("fruit.jpg"));
    assertThat(original.cells()).hasSize(4);
    assertThat(original.cells()).extracting(c -> c.path().getFileName().toString())
        .containsExactly("fruit-r1c1.jpg", "fruit-r1c2.jpg", "fruit-r2c1.jpg", "fruit-r2c2.jpg");
    for (GridCell c : original.cells()) {
      assertThat(c.width()).isBetween(900, 1024);
      assertThat(c.height()).isBetween(900, 1024);
      BufferedImage cell = ImageIO.read(c.path().toFile());
      assertThat(cell.getWidth()).isEqualTo(c.width());
      Provenance p = Provenance.read(c.path()).orElseThrow();
      assertThat(p.json()).contains("\"cell\"").contains("\"row\" : " + c.row());
    }
    GridCell r2c2 = original.cells().get(3);
    assertThat(r2c2.x()).isGreaterThan(1024);
    assertThat(r2c2.y()).isGreaterThan(1024);
  }

  @Test
  void unwritableOutputDirectoryIsRefusedBeforeSending(FakeGemini fake, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("cat").build(),
        SaveOptions.toDirectory(file.resolve("out"))))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void bigInputsAreDownscaledLosslesslyAndSmallOnesSentAsIs(FakeGemini fake, @TempDir Path dir) throws Exception {
    Path big = Files.write(dir.resolve("big.jpg"), TestImages.jpeg(3000, 1500));
    Path small = Files.write(dir.resolve("small.jpg"), TestImages.jpeg(300, 200));
    client(fake).generate(ImageRequest.builder().model("gemini-3-pro-image").prompt("combine")
        .addImage(ImageInput.of(big)).addImage(ImageInput.of(small)).build());
    JsonNode parts = fake.takeRequest().json().at("/contents/0/parts");
    byte[] sentBig = java.util.Base64.getDecoder().decode(parts.get(0).at("/inlineData/data").asText());
    assertThat(parts.get(0).at("/inlineData/mimeType").asText()).isEqualTo("image/png");
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(sentBig));
    assertThat(decoded.getWidth()).isEqualTo(2048);
    assertThat(decoded.getHeight()).isEqualTo(1024);
    assertThat(parts.get(1).at("/inlineData/mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(java.util.Base64.getDecoder().decode(parts.get(1).at("/inlineData/data").asText()))
        .isEqualTo(Files.readAllBytes(small));
  }

  @Test
  void inputsFromBytesStreamsAndBufferedImagesAreSent(FakeGemini fake) throws Exception {
    client(fake).generate(ImageRequest.builder().model("gemini-3-pro-image").prompt("x")
        .addImage(ImageInput.of(TestImages.png(10, 10)))
        .addImage(ImageInput.of(new ByteArrayInputStream(TestImages.jpeg(12, 12))))
        .addImage(ImageInput.of(TestImages.image(14, 14)))
        .build());
    JsonNode parts = fake.takeRequest().json().at("/contents/0/parts");
    assertThat(parts).hasSize(4);
    assertThat(parts.get(1).at("/inlineData/mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(parts.get(2).at("/inlineData/mimeType").asText()).isEqualTo("image/png");
  }

  @Test
  void unreachableInputUrlIsRefusedBeforeSending(FakeGemini fake) {
    assertThatThrownBy(() -> client(fake).generate(ImageRequest.builder().prompt("x")
        .addImage(ImageInput.parse("http://127.0.0.1:1/nothing.png")).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unreachable");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void dryRunShowsTheBodyWithoutDataOrKey(FakeGemini fake) {
    Darkroom.DryRun dry = client(fake).dryRun(ImageRequest.builder().model("gemini-3-pro-image").prompt("fox")
        .addImage(ImageInput.of(TestImages.png(20, 20))).imageSize("4K").build());
    assertThat(dry.endpoint()).endsWith("/v1beta/models/gemini-3-pro-image:generateContent");
    assertThat(dry.body()).contains("\"imageSize\" : \"4K\"").contains("<base64 of").doesNotContain(FakeGemini.DEFAULT_API_KEY);
    assertThat(dry.estimatedCostUsd()).isGreaterThanOrEqualTo(new java.math.BigDecimal("0.24"));
    assertThat(fake.requestCount()).isZero();
  }
}
