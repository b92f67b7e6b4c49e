package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Discovery routes, WebSocket protocol details, proxy auth and request recording. */
@ExtendWith(FakeComfyUIExtension.class)
class ComfyServerTest {

  @Test
  void systemStatsReportsTheConfiguredVersion() throws Exception {
    try (FakeComfyUI comfy = FakeComfyUI.builder().version("0.3.60").start()) {
      JsonNode stats = new ComfyHttp(comfy).getJson("/system_stats");
      assertThat(stats.at("/system/comfyui_version").asText()).isEqualTo("0.3.60");
      assertThat(stats.at("/devices/0/type").asText()).isEqualTo("cuda");
    }
  }

  @Test
  void objectInfoDescribesTheCoreNodesAsNodesPyDeclaresThem(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    JsonNode all = http.getJson("/object_info");
    assertThat(all.fieldNames()).toIterable().contains("CheckpointLoaderSimple", "LoraLoader",
        "CLIPTextEncode", "CLIPTextEncodeSDXL", "CLIPTextEncodeSDXLRefiner", "EmptyLatentImage", "KSampler",
        "KSamplerAdvanced", "VAEDecode", "VAEEncode", "VAELoader", "LoadImage", "SaveImage", "PreviewImage",
        "ImageScale", "LatentUpscale");

    JsonNode ksampler = http.getJson("/api/object_info/KSampler").get("KSampler");
    assertThat(ksampler.at("/input/required/seed/0").asText()).isEqualTo("INT");
    assertThat(ksampler.at("/input/required/seed/1/max").bigIntegerValue())
        .isEqualTo(new java.math.BigInteger("18446744073709551615"));
    assertThat(ksampler.at("/input/required/cfg/1/default").asDouble()).isEqualTo(8.0);
    assertThat(ksampler.at("/input/required/sampler_name/0")).extracting(JsonNode::asText)
        .startsWith("euler", "euler_cfg_pp", "euler_ancestral").contains("dpmpp_2m", "uni_pc_bh2");
    assertThat(ksampler.at("/input/required/scheduler/0")).extracting(JsonNode::asText)
        .containsExactly("simple", "sgm_uniform", "karras", "exponential", "ddim_uniform", "beta", "normal",
            "linear_quadratic", "kl_optimal");
    assertThat(ksampler.at("/input_order/required")).extracting(JsonNode::asText).containsExactly("model",
        "seed", "steps", "cfg", "sampler_name", "scheduler", "positive", "negative", "latent_image", "denoise");
    assertThat(ksampler.get("output")).extracting(JsonNode::asText).containsExactly("LATENT");
    assertThat(ksampler.get("output_node").asBoolean()).isFalse();

    JsonNode advanced = http.getJson("/object_info/KSamplerAdvanced").at("/KSamplerAdvanced/input/required");
    assertThat(advanced.at("/end_at_step/1/default").asInt()).isEqualTo(10000);
    assertThat(advanced.at("/add_noise/0")).extracting(JsonNode::asText).containsExactly("enable", "disable");
    JsonNode lora = http.getJson("/object_info/LoraLoader").at("/LoraLoader/input/required");
    assertThat(lora.at("/strength_model/1/min").asDouble()).isEqualTo(-100.0);
    JsonNode save = http.getJson("/object_info/SaveImage").get("SaveImage");
    assertThat(save.get("output_node").asBoolean()).isTrue();
    assertThat(save.at("/input/hidden/prompt").asText()).isEqualTo("PROMPT");
    JsonNode refiner = http.getJson("/object_info/CLIPTextEncodeSDXLRefiner").get("CLIPTextEncodeSDXLRefiner");
    assertThat(refiner.at("/input/required/ascore/1/default").asDouble()).isEqualTo(6.0);
    assertThat(http.get("/object_info/NoSuchNode").body()).isEqualTo("{}");
  }

  @Test
  void modelListsComeFromTheBuilder() throws Exception {
    try (FakeComfyUI comfy = FakeComfyUI.builder()
        .checkpoints(List.of("juggernautXL_v9.safetensors"))
        .loras(List.of("pixel-art-xl.safetensors"))
        .embeddings(List.of("ugly-sonic.pt", "easynegative.safetensors"))
        .vaes(List.of("sdxl_vae.safetensors"))
        .start()) {
      ComfyHttp http = new ComfyHttp(comfy);
      assertThat(http.getJson("/models/checkpoints")).extracting(JsonNode::asText)
          .containsExactly("juggernautXL_v9.safetensors");
      assertThat(http.getJson("/models/loras")).extracting(JsonNode::asText).containsExactly("pixel-art-xl.safetensors");
      assertThat(http.getJson("/embeddings")).extracting(JsonNode::asText).containsExactly("ugly-sonic", "easynegative");
      assertThat(http.getJson("/models")).extracting(JsonNode::asText).contains("checkpoints", "loras", "vae", "embeddings");
      assertThat(http.get("/models/nope").statusCode()).isEqualTo(404);
      assertThat(http.getJson("/object_info/CheckpointLoaderSimple")
          .at("/CheckpointLoaderSimple/input/required/ckpt_name/0")).extracting(JsonNode::asText)
          .containsExactly("juggernautXL_v9.safetensors");
      assertThat(http.getJson("/object_info/VAELoader").at("/VAELoader/input/required/vae_name/0"))
          .extracting(JsonNode::asText).containsExactly("sdxl_vae.safetensors", "pixel_space");
    }
  }

  @Test
  void theSocketAnswersPingsNegotiatesFeaturesAndClosesCleanly(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    ComfyHttp.Events events = http.connect("client-1");
    assertThat(events.sid).isEqualTo("client-1");
    assertThat(comfy.webSocketCount()).isEqualTo(1);

    events.socket.sendPing(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
    assertThat(events.nextItem()).isEqualTo(new ComfyHttp.Events.Pong("hi"));

    events.socket.sendText("{\"type\": \"feature_flags\", \"data\": {\"supports_preview_metadata\": true}}", true)
        .get(5, TimeUnit.SECONDS);
    JsonNode features = events.next("feature_flags");
    assertThat(features.at("/data/supports_preview_metadata").asBoolean()).isTrue();

    events.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    assertThat(events.nextItem()).isEqualTo(new ComfyHttp.Events.Closed(WebSocket.NORMAL_CLOSURE));
  }

  @Test
  void aClientThatAnnouncesPreviewMetadataGetsType4Frames() throws Exception {
    try (FakeComfyUI comfy = FakeComfyUI.builder().previewMethod("auto").start()) {
      ComfyHttp http = new ComfyHttp(comfy);
      String clientId = ComfyHttp.newClientId();
      ComfyHttp.Events events = http.connect(clientId);
      events.socket.sendText("{\"type\": \"feature_flags\", \"data\": {\"supports_preview_metadata\": true}}", true)
          .get(5, TimeUnit.SECONDS);
      events.next("feature_flags");

      String promptId = http.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);
      List<Object> items = events.untilDone(promptId);

      byte[] frame = items.stream().filter(i -> i instanceof ComfyHttp.Events.Binary)
          .map(i -> ((ComfyHttp.Events.Binary) i).bytes()).findFirst().orElseThrow();
      ByteBuffer buffer = ByteBuffer.wrap(frame);
      assertThat(buffer.getInt()).isEqualTo(4);
      int length = buffer.getInt();
      JsonNode metadata = ComfyHttp.MAPPER.readTree(new String(frame, 8, length, StandardCharsets.UTF_8));
      assertThat(metadata.get("prompt_id").asText()).isEqualTo(promptId);
      assertThat(metadata.get("node_id").asText()).isEqualTo("3");
      assertThat(metadata.get("image_type").asText()).isEqualTo("image/jpeg");
      assertThat(frame[8 + length] & 0xff).as("JPEG SOI").isEqualTo(0xff);
    }
  }

  @Test
  void bearerAuthGuardsHttpAndTheSocket() throws Exception {
    try (FakeComfyUI comfy = FakeComfyUI.builder().bearerToken("s3cret").start()) {
      HttpResponse<String> without = new ComfyHttp(comfy).get("/system_stats");
      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(without.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(new ComfyHttp(comfy, "Bearer wrong").get("/system_stats").statusCode()).isEqualTo(401);
      ComfyHttp authorized = new ComfyHttp(comfy, "Bearer s3cret");
      assertThat(authorized.get("/system_stats").statusCode()).isEqualTo(200);
      assertThat(authorized.connect("c").sid).isEqualTo("c");

      HttpClient client = HttpClient.newHttpClient();
      assertThatThrownBy(() -> client.newWebSocketBuilder().buildAsync(comfy.webSocketUri("c"),
          new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
    }
  }

  @Test
  void basicAuthAcceptsOnlyItsCredentials() throws Exception {
    try (FakeComfyUI comfy = FakeComfyUI.builder().basicAuth("ann", "pw").start()) {
      String good = "Basic " + Base64.getEncoder().encodeToString("ann:pw".getBytes(StandardCharsets.UTF_8));
      String bad = "Basic " + Base64.getEncoder().encodeToString("ann:nope".getBytes(StandardCharsets.UTF_8));
      assertThat(new ComfyHttp(comfy, good).get("/queue").statusCode()).isEqualTo(200);
      assertThat(new ComfyHttp(comfy, bad).get("/queue").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aForeignOriginIsForbidden(FakeComfyUI comfy) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(comfy.baseUrl() + "/queue")).header("Origin", "http://evil.example").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void requestsAreRecordedWithTheirBodies(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    http.submit(ComfyGraphs.basic(7, 512, 512, 1), "recorder");

    RecordedRequest request = comfy.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/prompt");
    assertThat(request.json().at("/prompt/3/inputs/seed").asLong()).isEqualTo(7);
    assertThat(request.json().get("client_id").asText()).isEqualTo("recorder");
  }

  @Test
  void anUploadedImageFeedsLoadImageAndSetsTheSize(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    byte[] png = dev.darkroom.testkit.internal.ImageRenderer.render(768, 512, "image/png", java.util.Optional.empty());
    String boundary = "----darkroom";
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"ref.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(png);
    body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n--"
        + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(comfy.baseUrl() + "/upload/image")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.body()).isEqualTo("{\"name\":\"ref.png\",\"subfolder\":\"\",\"type\":\"input\"}");

    var graph = ComfyGraphs.parse("""
        {'1': {'class_type': 'LoadImage', 'inputs': {'image': 'ref.png'}},
         '4': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd_xl_base_1.0.safetensors'}},
         '2': {'class_type': 'VAEEncode', 'inputs': {'pixels': ['1', 0], 'vae': ['4', 2]}},
         '6': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'oil painting', 'clip': ['4', 1]}},
         '3': {'class_type': 'KSampler', 'inputs': {'seed': 3, 'steps': 10, 'cfg': 7.0, 'sampler_name': 'euler',
               'scheduler': 'normal', 'denoise': 0.6, 'model': ['4', 0], 'positive': ['6', 0],
               'negative': ['6', 0], 'latent_image': ['2', 0]}},
         '8': {'class_type': 'VAEDecode', 'inputs': {'samples': ['3', 0], 'vae': ['4', 2]}},
         '9': {'class_type': 'PreviewImage', 'inputs': {'images': ['8', 0]}}}
        """);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String promptId = http.queue(graph, clientId);
    events.untilDone(promptId);
    JsonNode image = http.getJson("/history/" + promptId).at("/" + promptId + "/outputs/9/images/0");
    assertThat(image.get("type").asText()).isEqualTo("temp");
    assertThat(image.get("filename").asText()).matches("ComfyUI_temp_[a-z]{5}_00001_\\.png");
    byte[] bytes = http.getBytes("/view?filename=" + image.get("filename").asText() + "&type=temp").body();
    java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    assertThat(decoded.getWidth()).isEqualTo(768);
    assertThat(decoded.getHeight()).isEqualTo(512);
  }
}
