package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeA1111Extension.class)
class FakeA1111Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void txt2imgAnswersPngsOfTheSizeWithInfotextAndInfoString(FakeA1111 a1111) throws Exception {
    HttpResponse<String> r = post(a1111, "/sdapi/v1/txt2img", "{\"prompt\":\"a cat <lora:wrong:0.7>\","
        + "\"negative_prompt\":\"blurry\",\"seed\":42,\"steps\":\"20\",\"width\":640,\"height\":384,"
        + "\"sampler_name\":\"Euler a\",\"scheduler\":\"karras\",\"cfg_scale\":7,"
        + "\"override_settings\":{\"sd_model_checkpoint\":\"sd_xl_base_1.0\"}}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Process-Time")).isPresent();
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("images")).hasSize(1);
    byte[] png = Base64.getDecoder().decode(body.get("images").get(0).asText());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(384);
    String parameters = pngText(png, "parameters");
    assertThat(parameters).isEqualTo("a cat <lora:wrong:0.7>\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a,"
        + " Schedule type: Karras, CFG scale: 7, Seed: 42, Size: 640x384, Model hash: "
        + FakeA1111.shortHash("sd_xl_base_1.0.safetensors") + ", Model: sd_xl_base_1.0, Lora hashes: \"wrong: "
        + FakeA1111.shortHash("wrong") + "\", Version: v1.10.1");
    JsonNode info = JSON.readTree(body.get("info").asText());
    assertThat(info.get("seed").asLong()).isEqualTo(42);
    assertThat(info.get("all_seeds").get(0).asLong()).isEqualTo(42);
    assertThat(info.get("infotexts").get(0).asText()).isEqualTo(parameters);
    assertThat(info.get("steps").asInt()).isEqualTo(20);
  }

  @Test
  void severalImagesComeAfterAGridWithConsecutiveSeeds(FakeA1111 a1111) throws Exception {
    JsonNode body = JSON.readTree(post(a1111, "/sdapi/v1/txt2img",
        "{\"prompt\":\"x\",\"seed\":7,\"batch_size\":3,\"width\":64,\"height\":64,\"steps\":2}").body());
    JsonNode info = JSON.readTree(body.get("info").asText());

    assertThat(body.get("images")).hasSize(4);
    assertThat(info.get("index_of_first_image").asInt()).isEqualTo(1);
    assertThat(info.get("all_seeds").toString()).isEqualTo("[7,8,9]");
  }

  @Test
  void randomSeedIsReportedInInfo(FakeA1111 a1111) throws Exception {
    JsonNode body = JSON.readTree(post(a1111, "/sdapi/v1/txt2img", "{\"prompt\":\"x\",\"steps\":1}").body());
    long seed = JSON.readTree(body.get("info").asText()).get("seed").asLong();
    assertThat(seed).isBetween(0L, 4294967294L);
  }

  @Test
  void badTypesAre422InFastApisShape(FakeA1111 a1111) throws Exception {
    HttpResponse<String> r = post(a1111, "/sdapi/v1/txt2img", "{\"prompt\":\"x\",\"steps\":\"many\",\"cfg_scale\":[1]}");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"detail\":["
        + "{\"loc\":[\"body\",\"steps\"],\"msg\":\"value is not a valid integer\",\"type\":\"type_error.integer\"},"
        + "{\"loc\":[\"body\",\"cfg_scale\"],\"msg\":\"value is not a valid float\",\"type\":\"type_error.float\"}]}"));
  }

  @Test
  void unknownNamesBehaveAsA1111Does(FakeA1111 a1111) throws Exception {
    HttpResponse<String> sampler = post(a1111, "/sdapi/v1/txt2img", "{\"prompt\":\"x\",\"sampler_name\":\"Euler z\"}");
    assertThat(sampler.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(sampler.body()).get("detail").asText()).isEqualTo("Sampler not found");

    HttpResponse<String> refiner = post(a1111, "/sdapi/v1/txt2img",
        "{\"prompt\":\"x\",\"steps\":1,\"refiner_checkpoint\":\"nope\"}");
    assertThat(refiner.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(refiner.body()).get("errors").asText()).isEqualTo("Could not find checkpoint with name nope");

    HttpResponse<String> ckpt = post(a1111, "/sdapi/v1/txt2img",
        "{\"prompt\":\"x\",\"steps\":1,\"override_settings\":{\"sd_model_checkpoint\":\"nope\"}}");
    assertThat(ckpt.statusCode()).as("an unknown checkpoint falls back silently").isEqualTo(200);
    assertThat(JSON.readTree(JSON.readTree(ckpt.body()).get("info").asText()).get("sd_model_name").asText())
        .isEqualTo("sd_xl_base_1.0");
  }

  @Test
  void discoveryRoutes(FakeA1111 a1111) throws Exception {
    JsonNode models = JSON.readTree(get(a1111, "/sdapi/v1/sd-models").body());
    assertThat(models.get(0).get("title").asText()).isEqualTo("sd_xl_base_1.0.safetensors ["
        + FakeA1111.shortHash("sd_xl_base_1.0.safetensors") + "]");
    assertThat(models.get(0).get("model_name").asText()).isEqualTo("sd_xl_base_1.0");
    assertThat(JSON.readTree(get(a1111, "/sdapi/v1/loras").body()).findValuesAsText("name")).contains("wrong");
    assertThat(JSON.readTree(get(a1111, "/sdapi/v1/embeddings").body()).get("loaded").has("ugly-sonic")).isTrue();
    assertThat(JSON.readTree(get(a1111, "/sdapi/v1/samplers").body()).findValuesAsText("name")).contains("DPM++ 2M");
    assertThat(JSON.readTree(get(a1111, "/sdapi/v1/schedulers").body()).findValuesAsText("label")).contains("Karras");
    assertThat(JSON.readTree(get(a1111, "/sdapi/v1/sd-vae").body()).findValuesAsText("model_name"))
        .containsExactly("sdxl_vae.safetensors");
    assertThat(post(a1111, "/sdapi/v1/refresh-checkpoints", "").statusCode()).isEqualTo(200);
  }

  @Test
  void optionsCanBeReadAndSet(FakeA1111 a1111) throws Exception {
    assertThat(post(a1111, "/sdapi/v1/options", "{\"sd_model_checkpoint\":\"sd_xl_refiner_1.0\"}").statusCode())
        .isEqualTo(200);
    assertThat(JSON.readTree(get(a1111, "/sdapi/v1/options").body()).get("sd_model_checkpoint").asText())
        .startsWith("sd_xl_refiner_1.0.safetensors [");
    assertThat(post(a1111, "/sdapi/v1/options", "{\"sd_model_checkpoint\":\"nope\"}").statusCode()).isEqualTo(500);
  }

  @Test
  void img2imgTakesBase64InitImagesAndAMask(FakeA1111 a1111) throws Exception {
    String png = Base64.getEncoder().encodeToString(dev.darkroom.testkit.internal.ImageRenderer.render(32, 32,
        "image/png", java.util.Optional.empty()));
    HttpResponse<String> ok = post(a1111, "/sdapi/v1/img2img", "{\"prompt\":\"x\",\"steps\":4,\"init_images\":[\""
        + png + "\"],\"mask\":\"" + png + "\",\"denoising_strength\":0.5,\"width\":64,\"height\":64}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("parameters").get("init_images").isNull()).isTrue();
    assertThat(JSON.readTree(JSON.readTree(ok.body()).get("info").asText()).get("infotexts").get(0).asText())
        .contains("Denoising strength: 0.5");

    assertThat(post(a1111, "/sdapi/v1/img2img", "{\"prompt\":\"x\"}").statusCode()).isEqualTo(404);
    assertThat(post(a1111, "/sdapi/v1/img2img", "{\"prompt\":\"x\",\"init_images\":[\"bm90IGFuIGltYWdl\"]}")
        .statusCode()).isEqualTo(500);
  }

  @Test
  void basicAuthWhenConfigured(FakeA1111 a1111) throws Exception {
    a1111.apiAuth("user:s3cret");
    assertThat(get(a1111, "/sdapi/v1/sd-models").statusCode()).isEqualTo(401);
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(a1111.baseUrl() + "/sdapi/v1/sd-models"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("user:s3cret".getBytes(
            StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void scriptedFaults(FakeA1111 a1111) throws Exception {
    a1111.enqueue(FakeA1111Reply.outOfMemory()).enqueue(FakeA1111Reply.goAway(1));
    HttpResponse<String> oom = post(a1111, "/sdapi/v1/txt2img", "{\"prompt\":\"x\",\"steps\":2}");
    assertThat(oom.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(oom.body()).get("error").asText()).isEqualTo("OutOfMemoryError");
    assertThat(JSON.readTree(oom.body()).get("errors").asText()).startsWith("CUDA out of memory");
    assertThatThrownBy(() -> post(a1111, "/sdapi/v1/txt2img", "{\"prompt\":\"x\",\"steps\":2}"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void progressIsVisibleWhileSamplingAndInterruptStopsIt(FakeA1111 a1111) throws Exception {
    a1111.stepDelay(Duration.ofMillis(20));
    CompletableFuture<HttpResponse<String>> running = http.sendAsync(request(a1111, "/sdapi/v1/txt2img",
        "{\"prompt\":\"x\",\"steps\":10000,\"width\":64,\"height\":64}"), HttpResponse.BodyHandlers.ofString());
    JsonNode progress;
    int polls = 0;
    do {
      assertThat(running).as("the job must still run").isNotDone();
      assertThat(polls++).as("polls before step 2").isLessThan(100_000);
      progress = JSON.readTree(get(a1111, "/sdapi/v1/progress?skip_current_image=false").body());
    } while (progress.get("state").get("sampling_step").asInt() < 2);
    assertThat(progress.get("state").get("sampling_steps").asInt()).isEqualTo(10000);
    assertThat(progress.get("progress").asDouble()).isBetween(0.01, 1.0);
    assertThat(progress.get("current_image").asText()).isNotEmpty();

    assertThat(post(a1111, "/sdapi/v1/interrupt", "").statusCode()).isEqualTo(200);
    assertThat(running.get().statusCode()).isEqualTo(200);
    assertThat(a1111.interruptCount()).isEqualTo(1);
    assertThat(JSON.readTree(get(a1111, "/sdapi/v1/progress").body()).get("state").get("job_count").asInt()).isZero();
  }

  private HttpResponse<String> get(FakeA1111 a1111, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(a1111.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(FakeA1111 a1111, String path, String json) throws Exception {
    return http.send(request(a1111, path, json), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(FakeA1111 a1111, String path, String json) {
    return HttpRequest.newBuilder(URI.create(a1111.baseUrl() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private static String pngText(byte[] png, String key) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
      reader.setInput(in);
      IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
      var entries = root.getElementsByTagName("tEXtEntry");
      for (int i = 0; i < entries.getLength(); i++) {
        IIOMetadataNode e = (IIOMetadataNode) entries.item(i);
        if (e.getAttribute("keyword").equals(key)) {
          return e.getAttribute("value");
        }
      }
      return null;
    }
  }
}
