package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.internal.PngText;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeComfyUIExtension.class)
class ComfyExecutionTest {

  @Test
  void baseAndRefinerRunsBothSamplersOnOneScheduleAndSavesA1024Png(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    ObjectNode graph = ComfyGraphs.baseAndRefiner();

    String promptId = http.queue(graph, clientId);
    List<Object> items = events.untilDone(promptId);

    List<String> types = ComfyHttp.Events.types(items);
    assertThat(types.get(0)).isEqualTo("execution_start");
    assertThat(types.get(1)).isEqualTo("execution_cached");
    assertThat(types).containsSubsequence("executing", "progress", "executed", "execution_success", "executing");
    assertThat(types).doesNotContain("binary", "execution_error");
    JsonNode lastState = ComfyHttp.Events.ofType(items, "progress_state").get(
        ComfyHttp.Events.ofType(items, "progress_state").size() - 1);
    assertThat(lastState.at("/nodes/19/state").asText()).isEqualTo("finished");
    assertThat(lastState.at("/nodes/10/value").asInt()).isEqualTo(20);
    assertThat(lastState.get("nodes").size()).isEqualTo(11);
    List<JsonNode> progress = ComfyHttp.Events.ofType(items, "progress");
    assertThat(progress.stream().filter(p -> p.get("node").asText().equals("10")).toList())
        .as("base sampler runs steps 0..20 of 25").hasSize(20)
        .allSatisfy(p -> assertThat(p.get("max").asInt()).isEqualTo(20));
    assertThat(progress.stream().filter(p -> p.get("node").asText().equals("11")).toList())
        .as("refiner runs steps 20..25").hasSize(5);
    assertThat(progress.get(0).get("prompt_id").asText()).isEqualTo(promptId);
    List<String> executing = ComfyHttp.Events.ofType(items, "executing").stream()
        .map(e -> e.get("node").asText(null)).toList();
    assertThat(executing).containsSubsequence("4", "10", "11", "17", "19");
    assertThat(executing).containsSubsequence("12", "15", "11");
    assertThat(executing).hasSize(12).doesNotHaveDuplicates();
    assertThat(executing.get(executing.size() - 1)).isNull();

    JsonNode executed = ComfyHttp.Events.ofType(items, "executed").get(0);
    assertThat(executed.get("node").asText()).isEqualTo("19");
    JsonNode image = executed.at("/output/images/0");
    assertThat(image.get("filename").asText()).isEqualTo("ComfyUI_00001_.png");
    assertThat(image.get("subfolder").asText()).isEmpty();
    assertThat(image.get("type").asText()).isEqualTo("output");

    JsonNode history = http.getJson("/history/" + promptId).get(promptId);
    assertThat(history.at("/status/status_str").asText()).isEqualTo("success");
    assertThat(history.at("/status/completed").asBoolean()).isTrue();
    assertThat(history.at("/status/messages/0/0").asText()).isEqualTo("execution_start");
    assertThat(history.at("/status/messages/2/0").asText()).isEqualTo("execution_success");
    assertThat(history.at("/outputs/19/images/0/filename").asText()).isEqualTo("ComfyUI_00001_.png");
    assertThat(history.at("/prompt/1").asText()).isEqualTo(promptId);
    assertThat(history.at("/prompt/2")).isEqualTo(graph);
    assertThat(history.at("/prompt/3/client_id").asText()).isEqualTo(clientId);
    assertThat(history.at("/prompt/4/0").asText()).isEqualTo("19");

    HttpResponse<byte[]> view = http.getBytes("/view?filename=ComfyUI_00001_.png&subfolder=&type=output");
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/png"));
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(view.body()));
    assertThat(png.getWidth()).isEqualTo(1024);
    assertThat(png.getHeight()).isEqualTo(1024);
    String promptChunk = PngText.read(view.body()).get("prompt");
    assertThat(ComfyHttp.MAPPER.readTree(promptChunk)).isEqualTo(graph);
    assertThat(promptChunk).startsWith("{\"4\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": ");
    assertThat(PngText.read(view.body())).containsOnlyKeys("prompt");
  }

  @Test
  void loraChainSavesIntoTheSubfolderOfItsPrefixAtTheLatentSizeTimesEight(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);

    String promptId = http.queue(ComfyGraphs.loraChain(), clientId);
    List<Object> items = events.untilDone(promptId);

    assertThat(ComfyHttp.Events.types(items)).contains("execution_success");
    JsonNode image = http.getJson("/history/" + promptId).at("/" + promptId + "/outputs/9/images/0");
    assertThat(image.get("subfolder").asText()).isEqualTo("lora");
    assertThat(image.get("filename").asText()).isEqualTo("chain_00001_.png");
    byte[] bytes = http.getBytes("/view?filename=chain_00001_.png&subfolder=lora&type=output").body();
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(png.getWidth()).isEqualTo(832);
    assertThat(png.getHeight()).isEqualTo(1216);
    JsonNode chunk = ComfyHttp.MAPPER.readTree(PngText.read(bytes).get("prompt"));
    assertThat(chunk.at("/3/inputs/seed").asText()).isEqualTo("18446744073709551615");
    assertThat(chunk.at("/10/inputs/model/0").asText()).isEqualTo("11");
  }

  @Test
  void anIdenticalPromptIsServedFromCacheAndANewSeedRerunsOnlyTheSampler(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String first = http.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);
    events.untilDone(first);

    String again = http.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);
    List<Object> cachedRun = events.untilDone(again);
    assertThat(ComfyHttp.Events.ofType(cachedRun, "execution_cached").get(0).get("nodes"))
        .extracting(JsonNode::asText).containsExactlyInAnyOrder("3", "4", "5", "6", "7", "8", "9");
    assertThat(ComfyHttp.Events.ofType(cachedRun, "progress")).isEmpty();
    assertThat(ComfyHttp.Events.ofType(cachedRun, "executed").get(0).at("/output/images/0/filename").asText())
        .isEqualTo("ComfyUI_00001_.png");

    String reseeded = http.queue(ComfyGraphs.basic(2, 512, 512, 1), clientId);
    List<Object> rerun = events.untilDone(reseeded);
    assertThat(ComfyHttp.Events.ofType(rerun, "execution_cached").get(0).get("nodes"))
        .extracting(JsonNode::asText).containsExactlyInAnyOrder("4", "5", "6", "7");
    assertThat(ComfyHttp.Events.ofType(rerun, "executing").stream().map(e -> e.get("node").asText(null)))
        .containsExactly("3", "8", "9", null);
    assertThat(ComfyHttp.Events.ofType(rerun, "executed").get(0).at("/output/images/0/filename").asText())
        .isEqualTo("ComfyUI_00002_.png");
  }

  @Test
  void aBatchSavesOneFileEachAndPreviewFramesCarryJpegs(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    ObjectNode body = ComfyHttp.MAPPER.createObjectNode();
    body.set("prompt", ComfyGraphs.basic(5, 640, 384, 2));
    body.put("client_id", clientId);
    body.putObject("extra_data").put("preview_method", "latent2rgb");

    HttpResponse<String> response = http.post("/prompt", body.toString());
    String promptId = ComfyHttp.MAPPER.readTree(response.body()).get("prompt_id").asText();
    List<Object> items = events.untilDone(promptId);

    List<byte[]> frames = items.stream().filter(i -> i instanceof ComfyHttp.Events.Binary)
        .map(i -> ((ComfyHttp.Events.Binary) i).bytes()).toList();
    assertThat(frames).hasSize(25);
    ByteBuffer header = ByteBuffer.wrap(frames.get(0));
    assertThat(header.getInt()).as("PREVIEW_IMAGE").isEqualTo(1);
    assertThat(header.getInt()).as("JPEG").isEqualTo(1);
    BufferedImage preview = ImageIO.read(new ByteArrayInputStream(frames.get(0), 8, frames.get(0).length - 8));
    assertThat(preview.getWidth()).isEqualTo(80);
    assertThat(ComfyHttp.Events.types(items)).containsSubsequence("progress", "binary", "progress", "binary");

    JsonNode images = http.getJson("/history/" + promptId).at("/" + promptId + "/outputs/9/images");
    assertThat(images).extracting(i -> i.get("filename").asText())
        .containsExactly("ComfyUI_00001_.png", "ComfyUI_00002_.png");
    byte[] second = http.getBytes("/view?filename=ComfyUI_00002_.png&type=output").body();
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(second));
    assertThat(png.getWidth()).isEqualTo(640);
    assertThat(png.getHeight()).isEqualTo(384);
  }

  @Test
  void historyIsEmptyUntilDoneAndViewRefusesBadPaths(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    assertThat(http.get("/history/1b4e28ba-2fa1-11d2-883f-0016d3cca427").body()).isEqualTo("{}");
    assertThat(http.get("/view?filename=nothing.png").statusCode()).isEqualTo(404);
    assertThat(http.get("/view?filename=../secret.png").statusCode()).isEqualTo(400);
    assertThat(http.get("/view?filename=a.png&type=elsewhere").statusCode()).isEqualTo(400);
    assertThat(http.get("/view").statusCode()).isEqualTo(404);
  }

  @Test
  void historyListsFinishedPromptsAndCanBeCleared(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String a = http.queue(ComfyGraphs.basic(1, 256, 256, 1), clientId);
    events.untilDone(a);
    String b = http.queue(ComfyGraphs.basic(2, 256, 256, 1), clientId);
    events.untilDone(b);

    assertThat(http.getJson("/history").fieldNames()).toIterable().containsExactly(a, b);
    assertThat(http.getJson("/history?max_items=1").fieldNames()).toIterable().containsExactly(b);
    assertThat(comfy.historyIds()).containsExactly(a, b);
    http.post("/history", "{\"delete\": [\"" + a + "\"]}");
    assertThat(http.getJson("/api/history").fieldNames()).toIterable().containsExactly(b);
    http.post("/history", "{\"clear\": true}");
    assertThat(http.get("/history").body()).isEqualTo("{}");
  }
}
