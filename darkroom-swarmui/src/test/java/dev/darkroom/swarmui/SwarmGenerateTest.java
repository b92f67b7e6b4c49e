package dev.darkroom.swarmui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.ErrorKind;
import dev.darkroom.GenerationListener;
import dev.darkroom.GeneratedImage;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.RetryPolicy;
import dev.darkroom.SaveOptions;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.ProviderContext;
import dev.darkroom.spi.Providers;
import dev.darkroom.testkit.FakeSwarmUI;
import dev.darkroom.testkit.FakeSwarmUIExtension;
import dev.darkroom.testkit.RecordedRequest;
import dev.darkroom.testkit.SwarmFault;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The SwarmUI provider end to end through {@link Darkroom} against {@link FakeSwarmUI}. */
@ExtendWith(FakeSwarmUIExtension.class)
class SwarmGenerateTest {
  private static final String BASE = "swarmui:OfficialStableDiffusion/sd_xl_base_1.0";
  private static final String TOKEN = "swt-0123456789abcdef-secret";

  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<String> partials = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private Darkroom client;

  private Darkroom client(FakeSwarmUI fake) {
    return client(fake, Map.of());
  }

  private Darkroom client(FakeSwarmUI fake, Map<String, String> env) {
    client = Darkroom.builder()
        .env(env)
        .setting("swarmui.baseUrl", fake.baseUrl())
        .retryPolicy(RetryPolicy.none())
        .listener(new GenerationListener() {
          @Override
          public void onProgress(int call, int step, int total) {
            progress.add(step + "/" + total);
          }

          @Override
          public void onPartialImage(int call, int index, GeneratedImage partial) {
            partials.add(index + ":" + partial.mimeType());
          }

          @Override
          public void onWarning(String message) {
            warnings.add(message);
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

  private static ImageRequest.Builder request() {
    return ImageRequest.builder().model(BASE).prompt("a lighthouse at dusk, film grain");
  }

  @Test
  void txt2imgSendsFlatParametersOverTheWebsocketAndReportsProgressAndPreviews(FakeSwarmUI fake) {
    ImageResult result = client(fake).generate(request().size("1216x832").seed(42L)
        .options(SwarmOptions.builder().steps(8).cfg(6.5).sampler("dpmpp_2m").scheduler("karras").build()).build());

    JsonNode sent = fake.generations().get(0);
    assertThat(sent.path("model").asText()).isEqualTo("OfficialStableDiffusion/sd_xl_base_1.0.safetensors");
    assertThat(sent.path("prompt").asText()).isEqualTo("a lighthouse at dusk, film grain");
    assertThat(sent.path("images").asInt()).isEqualTo(1);
    assertThat(sent.path("width").asInt()).isEqualTo(1216);
    assertThat(sent.path("height").asInt()).isEqualTo(832);
    assertThat(sent.path("steps").asInt()).isEqualTo(8);
    assertThat(sent.path("cfgscale").asDouble()).isEqualTo(6.5);
    assertThat(sent.path("seed").asLong()).isEqualTo(42L);
    assertThat(sent.path("sampler").asText()).isEqualTo("dpmpp_2m");
    assertThat(sent.path("scheduler").asText()).isEqualTo("karras");
    assertThat(sent.has("session_id")).isTrue();
    assertThat(fake.ignoredParams()).isEmpty();
    assertThat(fake.requests()).extracting(RecordedRequest::path)
        .contains("/API/GetNewSession", "/API/ListT2IParams", "/API/GenerateText2ImageWS")
        .doesNotContain("/API/GenerateText2Image");

    GeneratedImage image = result.image();
    assertThat(image.width()).isEqualTo(1216);
    assertThat(image.height()).isEqualTo(832);
    assertThat(progress).hasSize(8).first().isEqualTo("1/8");
    assertThat(progress).last().isEqualTo("8/8");
    assertThat(partials).containsExactly("0:image/jpeg");
    assertThat(result.generations().get(0).engineTime()).hasValue(Duration.ofMillis(400));
    assertThat(result.costUsd()).isZero();
  }

  @Test
  void refinerSwitchBecomesStepSwapWithTheRefinersShareLoraWeightsAndNegativeGoToTheirIds(FakeSwarmUI fake) {
    client(fake).generate(request().options(SwarmOptions.read(Map.of(
        "refiner", "OfficialStableDiffusion/sd_xl_refiner_1.0", "refinerSwitch", 0.8,
        "lora", List.of("wrong:0.7", "styles/film-grain.safetensors:0.5:0.25"),
        "negative", "blurry, low quality", "steps", 4))).build());

    JsonNode sent = fake.generations().get(0);
    assertThat(sent.path("refinermodel").asText()).isEqualTo("OfficialStableDiffusion/sd_xl_refiner_1.0.safetensors");
    assertThat(sent.path("refinermethod").asText()).isEqualTo("StepSwap");
    assertThat(sent.path("refinercontrolpercentage").asDouble()).isEqualTo(0.2);
    assertThat(sent.path("loras")).extracting(JsonNode::asText)
        .containsExactly("wrong.safetensors", "styles/film-grain.safetensors");
    assertThat(sent.path("loraweights")).extracting(JsonNode::asText).containsExactly("0.7", "0.5");
    assertThat(sent.path("loratencweights")).extracting(JsonNode::asText).containsExactly("0.7", "0.25");
    assertThat(sent.path("negativeprompt").asText()).isEqualTo("blurry, low quality");
    assertThat(fake.ignoredParams()).isEmpty();
  }

  @Test
  void img2imgSendsTheInitImageAndCreativityAndSeveralImagesComeFromOneCall(FakeSwarmUI fake, @TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("in.png");
    ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", input.toFile());
    ImageResult result = client(fake).generate(request().addImage(ImageInput.of(input)).count(3).seed(7L)
        .options(SwarmOptions.builder().denoise(0.4).steps(2).build()).build(), SaveOptions.toDirectory(dir));

    assertThat(fake.generations()).hasSize(1);
    JsonNode sent = fake.generations().get(0);
    assertThat(sent.path("images").asInt()).isEqualTo(3);
    assertThat(sent.path("initimage").asText()).startsWith("data:image/png;base64,");
    assertThat(sent.path("initimagecreativity").asDouble()).isEqualTo(0.4);
    assertThat(result.images()).hasSize(3);
    Path saved = result.images().get(2).path().orElseThrow();
    String png = new String(Files.readAllBytes(saved), StandardCharsets.ISO_8859_1);
    assertThat(png).contains("sui_image_params").contains("\"seed\":9").contains("darkroom");
  }

  @Test
  void withoutTheWebsocketTheHttpRouteIsUsed(FakeSwarmUI fake) {
    fake.webSockets(false);
    ImageResult result = client(fake).generate(request().count(2).options(SwarmOptions.builder().steps(2).build())
        .build());

    assertThat(result.images()).hasSize(2);
    assertThat(fake.requests()).extracting(RecordedRequest::path).contains("/API/GenerateText2Image");
    assertThat(fake.generations().get(0).path("images").asInt()).isEqualTo(2);
    assertThat(progress).isEmpty();
  }

  @Test
  void anExpiredSessionIsRenewedOnceTransparently(FakeSwarmUI fake) {
    Darkroom c = client(fake);
    c.generate(request().options(SwarmOptions.builder().steps(1).build()).build());
    fake.expireSessions();
    ImageResult second = c.generate(request().options(SwarmOptions.builder().steps(1).build()).build());

    assertThat(second.images()).hasSize(1);
    assertThat(fake.requests().stream().filter(r -> r.path().equals("/API/GetNewSession"))).hasSize(2);
    assertThat(fake.generations()).hasSize(2);
  }

  @Test
  void theTokenGoesOnlyAsTheCookieOnSessionAndViewAndNeverIntoMessages(@TempDir Path dir) throws Exception {
    try (FakeSwarmUI fake = FakeSwarmUI.builder().token(TOKEN).start()) {
      ImageResult r = client(fake, Map.of("DARKROOM_SWARMUI_TOKEN", TOKEN)).generate(
          request().options(SwarmOptions.builder().steps(1).build()).build(), SaveOptions.toDirectory(dir));
      assertThat(r.images()).hasSize(1);
      for (RecordedRequest sent : fake.requests()) {
        boolean cookieRoute = sent.path().equals("/API/GetNewSession") || sent.path().startsWith("/View/");
        assertThat(sent.header("Cookie").isPresent()).as(sent.path()).isEqualTo(cookieRoute);
        assertThat(sent.bodyUtf8()).doesNotContain(TOKEN);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        }
      }
      close();
      assertThatThrownBy(() -> client(fake, Map.of("DARKROOM_SWARMUI_TOKEN", "swt-wrong-" + TOKEN))
          .generate(request().build()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("DARKROOM_SWARMUI_TOKEN")
          .message().doesNotContain(TOKEN);
    }
  }

  @Test
  void unknownNamesAreRefusedBeforeAnythingIsQueuedWithTheClosestFirst(FakeSwarmUI fake) {
    Darkroom c = client(fake);
    assertThatThrownBy(() -> c.generate(ImageRequest.builder().model("swarmui:sd_xl_bas_1.0").prompt("x").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue("model");
          assertThat(e.allowed().get(0)).isEqualTo("OfficialStableDiffusion/sd_xl_base_1.0.safetensors");
        });
    assertThatThrownBy(() -> c.generate(request().options(SwarmOptions.builder().lora(SwarmOptions.Lora.parse("wrng:0.5"))
        .build()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue("swarmui.loras");
          assertThat(e.allowed().get(0)).isEqualTo("wrong.safetensors");
        });
    assertThatThrownBy(() -> c.generate(request().options(SwarmOptions.builder().sampler("euler_a").build()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("swarmui.sampler"))
        .hasMessageContaining("euler");
    assertThatThrownBy(() -> c.generate(request().options(SwarmOptions.builder().scheduler("karas").build()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.allowed().get(0)).isEqualTo("karras"));
    assertThatThrownBy(() -> c.generate(request().options(SwarmOptions.builder().steps(900).build()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("swarmui.steps"));
    assertThat(fake.generations()).isEmpty();
  }

  @Test
  void backendErrorsAreTypedServerErrors(FakeSwarmUI fake) {
    fake.enqueueFault(SwarmFault.modelLoadFailed("OfficialStableDiffusion/sd_xl_base_1.0.safetensors"));
    fake.enqueueFault(SwarmFault.noBackendAvailable());
    Darkroom c = client(fake);
    assertThatThrownBy(() -> c.generate(request().build()))
        .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("failed to load the model");
    assertThatThrownBy(() -> c.generate(request().build()))
        .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("No backends available");
  }

  @Test
  void aServerThatGoesAwayBeforeAnyImageIsARetryableTransportError(FakeSwarmUI fake) {
    fake.enqueueFault(SwarmFault.goAwayAfter(3));
    assertThatThrownBy(() -> client(fake).generate(request().options(SwarmOptions.builder().steps(6).build()).build()))
        .isInstanceOfSatisfying(DarkroomException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.TRANSPORT);
          assertThat(e.isRetryable()).isTrue();
        });
    // The server resets the connection right after step 3, so the last frames sent may be lost in flight.
    assertThat(progress).doesNotContain("4/6", "5/6", "6/6");
  }

  @Test
  void anImageProducedBeforeTheServerWentAwayIsNotLost(FakeSwarmUI fake) {
    fake.enqueueFault(SwarmFault.goAwayAfter(5));
    ImageResult result = client(fake).generate(request().count(2).seed(11L)
        .options(SwarmOptions.builder().steps(4).build()).build());

    assertThat(result.images()).hasSize(1);
    assertThat(result.generations().get(0).finishReason()).isEqualTo("partial");
    assertThat(fake.isUp()).isFalse();
  }

  @Test
  void interruptingTheCallingThreadCallsInterruptAllForThisSessionOnly(FakeSwarmUI fake) throws Exception {
    fake.enqueueFault(SwarmFault.stall());
    Darkroom c = client(fake);
    Thread[] worker = new Thread[1];
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<Throwable> f = ex.submit(() -> {
        worker[0] = Thread.currentThread();
        try {
          c.generate(request().build());
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      waitFor(() -> fake.generations().size() == 1);
      worker[0].interrupt();
      Throwable thrown = f.get();
      assertThat(thrown).isInstanceOf(DarkroomException.class);
      assertThat(fake.interrupts()).hasSize(1);
      JsonNode interrupt = fake.interrupts().get(0);
      assertThat(interrupt.path("other_sessions").asBoolean(true)).isFalse();
      assertThat(interrupt.path("session_id").asText()).isEqualTo(fake.generations().get(0).path("session_id").asText());
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void inventoryListsWhatTheInstanceHas(FakeSwarmUI fake) {
    ImageProvider p = Providers.require("swarmui", "test");
    Map<String, List<String>> inv = p.inventory(ProviderContext.builder("swarmui")
        .setting("baseUrl", fake.baseUrl()).build());
    assertThat(inv.get("checkpoints")).contains("OfficialStableDiffusion/sd_xl_base_1.0.safetensors");
    assertThat(inv.get("loras")).containsExactly("styles/film-grain.safetensors", "wrong.safetensors");
    assertThat(inv.get("embeddings")).contains("ugly-sonic.safetensors");
    assertThat(inv.get("samplers")).contains("euler", "dpmpp_2m");
    assertThat(inv.get("schedulers")).contains("karras");
  }

  @Test
  void aSeedAboveSwarmsSignedRangeIsRefusedAtBuild() {
    assertThatThrownBy(() -> request().seed(-5L).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("seed"));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @SuppressWarnings("unused")
  private static byte[] png(int w, int h) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }
}
