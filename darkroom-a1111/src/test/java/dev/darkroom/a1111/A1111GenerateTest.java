package dev.darkroom.a1111;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.GeneratedImage;
import dev.darkroom.GenerationListener;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.RetryPolicy;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Providers;
import dev.darkroom.testkit.FakeA1111;
import dev.darkroom.testkit.FakeA1111Extension;
import dev.darkroom.testkit.FakeA1111Reply;
import dev.darkroom.testkit.RecordedRequest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The A1111 provider end to end, through the public {@link Darkroom} client, against {@link FakeA1111}. */
@ExtendWith(FakeA1111Extension.class)
class A1111GenerateTest {
  private static final String BASE = "a1111:sd_xl_base_1.0";
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<GeneratedImage> partials = new CopyOnWriteArrayList<>();
  private Darkroom client;

  private Darkroom client(FakeA1111 fake, String... settings) {
    Darkroom.Builder b = Darkroom.builder()
        .setting("a1111.baseUrl", fake.baseUrl())
        .setting("a1111.progressMillis", "2")
        .retryPolicy(RetryPolicy.none())
        .sleeper(d -> {})
        .listener(new GenerationListener() {
          @Override
          public void onProgress(int call, int step, int total) {
            progress.add(step + "/" + total);
          }

          @Override
          public void onPartialImage(int call, int index, GeneratedImage partial) {
            partials.add(partial);
          }

          @Override
          public void onWarning(String message) {
            warnings.add(message);
          }
        });
    for (int i = 0; i < settings.length; i += 2) {
      b.setting(settings[i], settings[i + 1]);
    }
    client = b.build();
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void txt2imgSendsTheCheckpointAsAnOverrideAndReadsImagesWithInfotext(FakeA1111 fake) throws Exception {
    ImageResult result = client(fake).generate(ImageRequest.builder().model(BASE).prompt("a lighthouse at dusk")
        .seed(1234L).size("1216x832")
        .options(A1111Options.builder().steps(30).cfg(7.5).sampler("DPM++ 2M").scheduler("karras").build()).build());

    JsonNode body = generation(fake).json();
    assertThat(body.toString()).isEqualTo("{\"prompt\":\"a lighthouse at dusk\",\"negative_prompt\":\"\","
        + "\"seed\":1234,\"width\":1216,\"height\":832,\"batch_size\":1,\"n_iter\":1,\"steps\":30,\"cfg_scale\":7.5,"
        + "\"sampler_name\":\"DPM++ 2M\",\"scheduler\":\"Karras\",\"override_settings\":{\"sd_model_checkpoint\":"
        + "\"sd_xl_base_1.0.safetensors [" + FakeA1111.shortHash("sd_xl_base_1.0.safetensors") + "]\"},"
        + "\"override_settings_restore_afterwards\":true,\"send_images\":true,\"save_images\":false}");
    GeneratedImage image = result.image();
    assertThat(image.width()).isEqualTo(1216);
    assertThat(image.height()).isEqualTo(832);
    assertThat(ImageIO.read(new ByteArrayInputStream(image.bytes()))).isNotNull();
    assertThat(result.generations().get(0).engineTime()).isPresent();
    assertThat(result.generations().get(0).modelVersion()).hasValue("sd_xl_base_1.0 (v1.10.1)");
    assertThat(result.costUsd()).isZero();
  }

  @Test
  void severalImagesAreOneBatchAndTheGridIsDropped(FakeA1111 fake) throws Exception {
    ImageResult result = client(fake).generate(ImageRequest.builder().model(BASE).prompt("x").seed(7L).count(3)
        .size("1024x1024").options(A1111Options.builder().steps(2).build()).build());

    assertThat(fake.generationRequests()).hasSize(1);
    assertThat(generation(fake).json().get("batch_size").asInt()).isEqualTo(3);
    assertThat(result.images()).hasSize(3).allSatisfy(i -> assertThat(i.width()).isEqualTo(1024));
  }

  @Test
  void refinerLoraAndNegativeUseTheEnginesSpellings(FakeA1111 fake) throws Exception {
    client(fake).generate(ImageRequest.builder().model(BASE).prompt("a portrait").seed(1L)
        .options(A1111Options.builder().refiner("sd_xl_refiner_1.0.safetensors").refinerSwitch(0.75)
            .lora(A1111Options.Lora.parse("wrong.safetensors:0.7"))
            .lora(A1111Options.Lora.parse("pixel-art-xl:0.5:1"))
            .negativePrompt("blurry, embedding:ugly-sonic").steps(4).build()).build());

    JsonNode body = generation(fake).json();
    assertThat(body.get("prompt").asText())
        .isEqualTo("a portrait <lora:wrong:0.7> <lora:pixel-art-xl:unet=0.5:te=1>");
    assertThat(body.get("negative_prompt").asText()).isEqualTo("blurry, ugly-sonic");
    assertThat(body.get("refiner_checkpoint").asText()).startsWith("sd_xl_refiner_1.0.safetensors [");
    assertThat(body.get("refiner_switch_at").asDouble()).isEqualTo(0.75);
  }

  @Test
  void img2imgSendsTheInitImageDenoiseAndAnA1111StyleMask(FakeA1111 fake) throws Exception {
    BufferedImage photo = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = mask.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 32, 64, 32); // opaque bottom half is kept; the transparent top half is redrawn
    g.dispose();
    ImageResult result = client(fake).generate(ImageRequest.builder().model(BASE).prompt("a red door").seed(3L)
        .addImage(ImageInput.of(photo)).mask(ImageInput.of(mask)).size("1024x1024")
        .options(A1111Options.builder().denoise(0.5).steps(4).build()).build());

    RecordedRequest sent = generation(fake);
    assertThat(sent.path()).isEqualTo("/sdapi/v1/img2img");
    JsonNode body = sent.json();
    assertThat(body.get("denoising_strength").asDouble()).isEqualTo(0.5);
    BufferedImage init = ImageIO.read(new ByteArrayInputStream(
        Base64.getDecoder().decode(body.get("init_images").get(0).asText())));
    assertThat(init.getWidth()).isEqualTo(64);
    BufferedImage sentMask = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(body.get("mask").asText())));
    assertThat(sentMask.getRGB(10, 5) & 0xFFFFFF).as("redrawn area is white").isEqualTo(0xFFFFFF);
    assertThat(sentMask.getRGB(10, 50) & 0xFFFFFF).as("kept area is black").isEqualTo(0);
    assertThat(result.images()).hasSize(1);
  }

  @Test
  void unknownNamesAreRefusedBeforeAnythingIsSentClosestFirst(FakeA1111 fake) {
    Darkroom c = client(fake);
    assertRefused(c, ImageRequest.builder().model("a1111:sd_xl_bse_1.0").prompt("x"), "model",
        "checkpoint 'sd_xl_bse_1.0' is not available", "sd_xl_base_1.0");
    assertRefused(c, request(A1111Options.builder().refiner("sd_xl_refiner_2.0")), "a1111.refiner",
        "refiner checkpoint 'sd_xl_refiner_2.0'", "sd_xl_refiner_1.0");
    assertRefused(c, request(A1111Options.builder().lora(A1111Options.Lora.of("wrongg"))), "a1111.loras",
        "LoRA 'wrongg'", "wrong");
    assertRefused(c, ImageRequest.builder().model(BASE).prompt("x <lora:pixelart:1>"), "prompt",
        "LoRA (in a <lora:…> tag of the prompt) 'pixelart'", "pixel-art-xl");
    assertRefused(c, request(A1111Options.builder().sampler("Euler z")), "a1111.sampler", "sampler 'Euler z'",
        "Euler a");
    assertRefused(c, request(A1111Options.builder().scheduler("karas")), "a1111.scheduler", "scheduler 'karas'",
        "karras");
    assertRefused(c, request(A1111Options.builder().vae("sdxl-vae")), "a1111.vae", "VAE 'sdxl-vae'",
        "sdxl_vae.safetensors");
    assertRefused(c, request(A1111Options.builder().negativePrompt("embedding:ugly-sonik")), "a1111.negativePrompt",
        "embedding 'ugly-sonik'", "ugly-sonic");

    assertThat(fake.generationRequests()).as("nothing was sent").isEmpty();
  }

  @Test
  void comfyUiSamplerNamesAreTranslated(FakeA1111 fake) throws Exception {
    client(fake).generate(request(A1111Options.builder().sampler("dpmpp_2m").scheduler("karras").steps(2)).build());

    JsonNode body = generation(fake).json();
    assertThat(body.get("sampler_name").asText()).isEqualTo("DPM++ 2M");
    assertThat(body.get("scheduler").asText()).isEqualTo("Karras");
  }

  @Test
  void outOfMemoryIsATypedServerError(FakeA1111 fake) {
    fake.enqueue(FakeA1111Reply.outOfMemory());
    assertThatThrownBy(() -> client(fake).generate(request(A1111Options.builder().steps(2)).build()))
        .isInstanceOfSatisfying(ServerException.class, e -> {
          assertThat(e.vendorStatus()).hasValue("OUT_OF_MEMORY");
          assertThat(e.getMessage()).contains("ran out of GPU memory", "CUDA out of memory", "--medvram");
          assertThat(e.isRetryable()).isFalse();
        });
  }

  @Test
  void anEngineExceptionIsAServerErrorWithItsText(FakeA1111 fake) {
    fake.enqueue(FakeA1111Reply.serverError("something broke in the sampler"));
    assertThatThrownBy(() -> client(fake).generate(request(A1111Options.builder().steps(2)).build()))
        .isInstanceOfSatisfying(ServerException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.vendorStatus()).hasValue("RuntimeError");
          assertThat(e.getMessage()).contains("something broke in the sampler");
        });
  }

  @Test
  void aRefusedRequestIsAnInvalidRequest(FakeA1111 fake) {
    fake.enqueue(FakeA1111Reply.error(422, "RequestValidationError", "bad body", ""));
    assertThatThrownBy(() -> client(fake).generate(request(A1111Options.builder().steps(2)).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bad body");
  }

  @Test
  void anEngineThatGoesAwayMidJobIsALostConnection(FakeA1111 fake) {
    fake.enqueue(FakeA1111Reply.goAway(1));
    assertThatThrownBy(() -> client(fake).generate(request(A1111Options.builder().steps(3)).build()))
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.vendorStatus()).hasValue("CONNECTION_LOST");
          assertThat(e.getMessage()).contains("was lost while it worked");
        });
  }

  @Test
  void anEngineThatIsNotRunningIsATransportError(FakeA1111 fake) {
    String url = fake.baseUrl();
    fake.close();
    assertThatThrownBy(() -> Darkroom.builder().setting("a1111.baseUrl", url).retryPolicy(RetryPolicy.none()).build()
        .generate(ImageRequest.builder().model(BASE).prompt("x").build()))
        .isInstanceOf(TransportException.class).hasMessageContaining("could not connect to " + url);
  }

  @Test
  void progressIsReportedWhileTheEngineSamples(FakeA1111 fake) {
    fake.stepDelay(Duration.ofMillis(5));
    client(fake).generate(request(A1111Options.builder().steps(40)).build());

    assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p).endsWith("/40"));
  }

  @Test
  void liveProgressPreviewsArriveAsPartialImages(FakeA1111 fake) throws Exception {
    // /sdapi/v1/progress carries current_image (base64 PNG, a quarter of the size) while the engine samples.
    fake.stepDelay(Duration.ofMillis(5));
    client(fake).generate(request(A1111Options.builder().steps(40)).size("1024x1024").build());

    assertThat(partials).isNotEmpty();
    GeneratedImage first = partials.get(0);
    assertThat(first.mimeType()).isEqualTo("image/png");
    assertThat(ImageIO.read(new ByteArrayInputStream(first.bytes())).getWidth()).isEqualTo(256);
    boolean askedForImages = fake.requests().stream().anyMatch(r -> r.path().startsWith("/sdapi/v1/progress?")
        && r.path().contains("skip_current_image=false"));
    assertThat(askedForImages).as("previews are asked for only when someone listens").isTrue();
  }

  @Test
  void anInterruptedCallInterruptsTheEngine(FakeA1111 fake) throws Exception {
    fake.stepDelay(Duration.ofMillis(20));
    Darkroom c = client(fake);
    CountDownLatch sampling = new CountDownLatch(1);
    AtomicReference<Thread> worker = new AtomicReference<>();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        c.generate(request(A1111Options.builder().steps(10000)).build());
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    worker.set(t);
    progress.clear();
    t.start();
    while (progress.isEmpty() && t.isAlive()) {
      sampling.await(5, TimeUnit.MILLISECONDS);
    }
    t.interrupt();
    Throwable error = outcome.get(30, TimeUnit.SECONDS);

    assertThat(error).isInstanceOf(DarkroomException.class).hasMessageContaining("interrupt");
    assertThat(fake.interruptCount()).isEqualTo(1);
  }

  @Test
  void basicAuthIsSentAndTheSecretNeverShows(FakeA1111 fake) throws Exception {
    fake.apiAuth("darkroom:s3cret-pass");
    client(fake, "a1111.apiAuth", "darkroom:s3cret-pass").generate(request(A1111Options.builder().steps(2)).build());
    String header = "Basic " + Base64.getEncoder().encodeToString("darkroom:s3cret-pass".getBytes(StandardCharsets.UTF_8));
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).hasValue(header));
    client.close();

    assertThatThrownBy(() -> client(fake, "a1111.apiAuth", "darkroom:wrong-pass")
        .generate(request(A1111Options.builder().steps(2)).build()))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
          assertThat(e.getMessage()).contains("DARKROOM_A1111_AUTH").doesNotContain("wrong-pass")
              .doesNotContain(Base64.getEncoder().encodeToString("darkroom:wrong-pass".getBytes(StandardCharsets.UTF_8)));
          assertThat(String.valueOf(e)).doesNotContain("wrong-pass");
        });
    assertThat(client.dryRun(request(A1111Options.builder()).build()).body()).doesNotContain("wrong-pass");
  }

  @Test
  void seedsAboveSignedSixtyFourBitsAreRefused() {
    assertThatThrownBy(() -> ImageRequest.builder().model(BASE).prompt("x").seed(-2L).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue("seed");
          assertThat(e.getMessage()).contains("18446744073709551614", "signed 64-bit");
        });
  }

  @Test
  void theComfyUiOptionNamesReadTheSame(FakeA1111 fake) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("negative", "blurry");
    values.put("lora", List.of("wrong.safetensors:0.8"));
    values.put("refiner", "sd_xl_refiner_1.0.safetensors");
    values.put("refinerSwitch", "0.8");
    values.put("steps", 3);
    values.put("cfg", "13");
    values.put("sampler", "euler_ancestral");
    values.put("scheduler", "normal");
    var provider = Providers.require("a1111", "test");
    assertThat(provider.optionNames()).containsAll(List.of("refiner", "refinerSwitch", "loras", "negativePrompt",
        "steps", "cfg", "sampler", "scheduler", "denoise", "vae"));
    assertThat(provider.promptSyntax()).isEqualTo("a1111");
    client(fake).generate(ImageRequest.builder().model(BASE).prompt("a cat").seed(5L)
        .options(provider.readOptions(values)).build());

    JsonNode body = generation(fake).json();
    assertThat(body.get("prompt").asText()).isEqualTo("a cat <lora:wrong:0.8>");
    assertThat(body.get("negative_prompt").asText()).isEqualTo("blurry");
    assertThat(body.get("cfg_scale").asDouble()).isEqualTo(13.0);
    assertThat(body.get("sampler_name").asText()).isEqualTo("Euler a");
    assertThat(body.get("scheduler").asText()).isEqualTo("Normal");
    assertThat(body.get("refiner_switch_at").asDouble()).isEqualTo(0.8);
  }

  @Test
  void inventoryListsWhatTheEngineHas(FakeA1111 fake) {
    Map<String, List<String>> inv = client(fake).inventory("a1111");

    assertThat(inv.get("checkpoints")).containsExactly("sd_xl_base_1.0", "sd_xl_refiner_1.0", "v1-5-pruned-emaonly");
    assertThat(inv.get("loras")).contains("wrong");
    assertThat(inv.get("embeddings")).contains("ugly-sonic");
    assertThat(inv.get("samplers")).contains("Euler a");
    assertThat(inv.get("schedulers")).contains("karras");
    assertThat(inv.get("vaes")).containsExactly("sdxl_vae.safetensors");
  }

  @Test
  void aDryRunShowsTheBodyWithoutImages(FakeA1111 fake) {
    Darkroom.DryRun dry = client(fake).dryRun(request(A1111Options.builder().lora(A1111Options.Lora.of("wrong", 0.6)))
        .build());

    assertThat(dry.endpoint()).isEqualTo(fake.baseUrl() + "/sdapi/v1/txt2img");
    assertThat(dry.body()).contains("\"prompt\" : \"x <lora:wrong:0.6>\"", "\"sd_model_checkpoint\" : \"sd_xl_base_1.0\"");
    assertThat(fake.requestCount()).isZero();
  }

  private static ImageRequest.Builder request(A1111Options.Builder options) {
    return ImageRequest.builder().model(BASE).prompt("x").seed(1L).options(options.build());
  }

  private static RecordedRequest generation(FakeA1111 fake) {
    List<RecordedRequest> sent = fake.generationRequests();
    assertThat(sent).hasSize(1);
    return sent.get(0);
  }

  private static void assertRefused(Darkroom c, ImageRequest.Builder request, String field, String message,
      String closest) {
    assertThatThrownBy(() -> c.generate(request.build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue(field);
          assertThat(e.getMessage()).contains(message);
          assertThat(e.allowed()).first().isEqualTo(closest);
        });
  }
}
