package dev.darkroom.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.history.History;
import dev.darkroom.history.OutputFile;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes behind the Generate form for local engines, the History page's hide and delete, and the
 * Compare page's live X/Y grids, over real HTTP against the fake Gemini and ComfyUI servers; bad input
 * is answered with a 4xx JSON error naming the field and the value.
 */
@ExtendWith(FakeGeminiExtension.class)
class StudioPagesApiTest {
  private static final String CHECKPOINT = "sd_xl_base_1.0.safetensors";
  private static final String LORA = "sd_xl_offset_example-lora_1.0.safetensors";

  @TempDir Path dir;
  private FakeGemini fake;
  private FakeComfyUI comfy;
  private History history;
  private Darkroom darkroom;
  private StudioServer server;
  private StudioClient client;

  @BeforeEach
  void start(FakeGemini fake) throws Exception {
    this.fake = fake;
    comfy = FakeComfyUI.builder().previewMethod("auto").start();
    history = History.open(dir.resolve("history.db"));
    darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl()).setting("comfyui.baseUrl", comfy.baseUrl()).build();
    server = StudioServer.builder().darkroom(darkroom).history(history).outputDirectory(dir.resolve("out")).build();
    client = new StudioClient(server);
  }

  @AfterEach
  void stop() {
    server.close();
    darkroom.close();
    history.close();
    comfy.close();
  }

  private static String body(String model, String prompt, String extra) {
    return "{\"request\": {\"model\": \"" + model + "\", \"prompt\": \"" + prompt + "\"" + extra + "}}";
  }

  private long generate(String body) throws Exception {
    JsonNode done = StudioClient.last(client.events(client.start(body))).data();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    return done.path("records").get(0).asLong();
  }

  private static void assertBad(HttpResponse<String> r, String field, String value) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    JsonNode error = StudioClient.JSON.readTree(r.body());
    assertThat(error.path("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(error.path("error").asText()).as(r.body()).contains(value);
  }

  @Test
  void localEnginesAreListedWithTheirInventoryAndCheckpointModels() throws Exception {
    JsonNode models = client.json(client.get("/api/models"));
    assertThat(models.path("engines").findValuesAsText("provider")).contains("comfyui");
    assertThat(models.path("providers").path("comfyui").path("options").toString()).contains("\"sampler\"", "\"loras\"");

    JsonNode inventory = client.json(client.get("/api/providers/comfyui/inventory"));
    assertThat(inventory.path("checkpoints").toString()).contains(CHECKPOINT);
    assertThat(inventory.path("loras").toString()).contains(LORA);
    assertThat(inventory.path("samplers").toString()).contains("euler");
    assertBad(client.get("/api/providers/nosuch/inventory"), "provider", "nosuch");

    JsonNode model = client.json(client.get("/api/model?id=comfyui:" + CHECKPOINT));
    assertThat(model.path("provider").asText()).isEqualTo("comfyui");
    assertThat(model.path("seed").asBoolean()).isTrue();
    assertThat(model.path("sizes").toString()).contains("1024x1024");
    assertBad(client.get("/api/model?id=no-such-model"), "model", "no-such-model");
  }

  @Test
  void aComfyJobStreamsStepsAndPreviewsAndItsGraphDownloads() throws Exception {
    String job = client.start(body("comfyui:" + CHECKPOINT, "a lighthouse", ", \"options\": {\"steps\": \"4\","
        + " \"sampler\": \"euler\", \"loras\": [\"" + LORA + ":0.7\"], \"negativePrompt\": \"embedding:ugly-sonic.safetensors\"}"));
    List<StudioClient.Event> events = client.events(job);
    List<String> types = events.stream().map(StudioClient.Event::type).toList();
    assertThat(types).contains("progress", "partial").last().isEqualTo("done");
    JsonNode progress = events.stream().filter(e -> e.type().equals("progress")).reduce((a, b) -> b).orElseThrow().data();
    assertThat(progress.path("step").asInt()).isEqualTo(progress.path("total").asInt()).isPositive();
    assertThat(events.stream().filter(e -> e.type().equals("partial")).findFirst().orElseThrow().data()
        .path("dataUrl").asText()).startsWith("data:image/");
    JsonNode done = StudioClient.last(events).data();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    long id = done.path("records").get(0).asLong();

    JsonNode record = client.json(client.get("/api/history/" + id));
    assertThat(record.path("hasGraph").asBoolean()).isTrue();
    assertThat(record.path("request").path("options").path("loras").toString()).contains(LORA);
    HttpResponse<String> graph = client.get("/api/history/" + id + "/graph");
    assertThat(graph.statusCode()).isEqualTo(200);
    assertThat(graph.headers().firstValue("Content-Disposition").orElse("")).contains("attachment", ".json");
    assertThat(StudioClient.JSON.readTree(graph.body()).toString()).contains("KSampler", LORA);
  }

  @Test
  void nanoBananaProThoughtImagesArriveAsInterimImages() throws Exception {
    List<StudioClient.Event> events = client.events(client.start(body("gemini-3-pro-image", "a fox",
        ", \"options\": {\"includeThoughts\": \"true\"}")));
    assertThat(events.stream().map(StudioClient.Event::type)).contains("thought", "interim");
    assertThat(events.stream().filter(e -> e.type().equals("interim")).findFirst().orElseThrow().data()
        .path("dataUrl").asText()).startsWith("data:image/jpeg;base64,");
  }

  @Test
  void historySearchesByACostRangeInUsd() throws Exception {
    long cheap = generate(body("gemini-2.5-flash-image", "a cheap lighthouse", ""));
    long dear = generate(body("gemini-3-pro-image", "a dear lighthouse", ""));
    String low = history.get(cheap).orElseThrow().costUsd().toPlainString();
    String high = history.get(dear).orElseThrow().costUsd().toPlainString();
    assertThat(new java.math.BigDecimal(low)).isPositive().isLessThan(new java.math.BigDecimal(high));

    assertThat(client.json(client.get("/api/history?minCostUsd=" + high)).path("items").findValuesAsText("id"))
        .containsExactly(String.valueOf(dear));
    assertThat(client.json(client.get("/api/history?maxCostUsd=" + low)).path("items").findValuesAsText("id"))
        .containsExactly(String.valueOf(cheap));
    assertThat(client.json(client.get("/api/history?minCostUsd=" + low + "&maxCostUsd=" + high)).path("items"))
        .hasSize(2);
    assertThat(client.json(client.get("/api/history?minCostUsd=&maxCostUsd=0")).path("items")).isEmpty();

    assertBad(client.get("/api/history?minCostUsd=cheap"), "minCostUsd", "'cheap'");
    assertBad(client.get("/api/history?maxCostUsd=-1"), "maxCostUsd", "'-1'");
    assertBad(client.get("/api/history?maxCostUsd=1e3"), "maxCostUsd", "'1e3'");
    assertBad(client.get("/api/history?minCostUsd=2&maxCostUsd=0.5"), "minCostUsd", "'2' is above maxCostUsd '0.5'");
  }

  @Test
  void hidingTakesARecordOutOfTheListsOnlyAndPersists() throws Exception {
    long kept = generate(body("gemini-2.5-flash-image", "a kept lighthouse", ""));
    long gone = generate(body("gemini-2.5-flash-image", "a hidden lighthouse", ""));
    Path file = history.get(gone).orElseThrow().outputs().get(0).path().orElseThrow();

    HttpResponse<String> hide = client.post("/api/history/" + gone + "/hide", "{\"hidden\": true}");
    assertThat(hide.statusCode()).as(hide.body()).isEqualTo(200);
    assertThat(client.json(client.get("/api/history")).path("items").findValuesAsText("id"))
        .containsExactly(String.valueOf(kept));
    assertThat(client.json(client.get("/api/history?hidden=only")).path("items").findValuesAsText("id"))
        .containsExactly(String.valueOf(gone));
    assertThat(client.json(client.get("/api/history?hidden=all")).path("items")).hasSize(2);
    assertThat(client.json(client.get("/api/history/" + gone)).path("hidden").asBoolean()).isTrue();
    assertThat(file).exists();
    assertThat(history.get(gone)).isPresent();
    assertThat(HiddenRecords.beside(history.file()).contains(gone)).as("persisted").isTrue();

    assertBad(client.get("/api/history?hidden=maybe"), "hidden", "maybe");
    assertBad(client.post("/api/history/" + gone + "/hide", "{\"hidden\": \"yes\"}"), "hidden", "yes");
    assertThat(client.post("/api/history/999999/hide", "{\"hidden\": true}").statusCode()).isEqualTo(404);

    client.post("/api/history/" + gone + "/hide", "{\"hidden\": false}");
    assertThat(client.json(client.get("/api/history")).path("items")).hasSize(2);
    assertThat(HiddenRecords.beside(history.file()).contains(gone)).isFalse();
  }

  @Test
  void filesAreDeletedOnlyWithTheConfirmation() throws Exception {
    long id = generate(body("gemini-2.5-flash-image", "a doomed lighthouse", ""));
    List<Path> files = history.get(id).orElseThrow().outputs().stream().map(OutputFile::path)
        .flatMap(java.util.Optional::stream).toList();
    assertThat(files).isNotEmpty().allMatch(Files::exists);

    assertBad(client.post("/api/history/" + id + "/delete-files", "{}"), "confirm", "''");
    assertBad(client.post("/api/history/" + id + "/delete-files", "{\"confirm\": \"yes\"}"), "confirm", "yes");
    assertThat(files).allMatch(Files::exists);

    HttpResponse<String> r = client.post("/api/history/" + id + "/delete-files", "{\"confirm\": \"delete files\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(client.json(r).path("deleted")).hasSize(files.size());
    assertThat(files).noneMatch(Files::exists);
    assertThat(client.json(client.get("/api/history/" + id)).path("hidden").asBoolean()).isTrue();
    assertThat(client.json(client.get("/api/history")).path("items")).isEmpty();
  }

  @Test
  void theDateRangeFiltersAndRefusesNonDates() throws Exception {
    generate(body("gemini-2.5-flash-image", "a lighthouse", ""));
    assertThat(client.json(client.get("/api/history?since=2000-01-01&until=2999-01-01")).path("items")).hasSize(1);
    assertThat(client.json(client.get("/api/history?until=2000-01-01")).path("items")).isEmpty();
    assertBad(client.get("/api/history?until=tomorrowish"), "until", "tomorrowish");
  }

  @Test
  void aLiveGridIsPlannedPricedAndRunPanelByPanel() throws Exception {
    String base = "\"request\": {\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"a lighthouse\", \"seed\": \"7\"}";
    HttpResponse<String> plan = client.post("/api/compare", "{" + base
        + ", \"x\": {\"name\": \"model\", \"values\": [\"gemini-2.5-flash-image\", \"gemini-3-pro-image\"]},"
        + " \"y\": {\"name\": \"aspectRatio\", \"values\": [\"1:1\", \"16:9\"]}}");
    assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
    JsonNode p = client.json(plan);
    assertThat(p.path("cells")).hasSize(4);
    assertThat(p.path("x").toString()).contains("model=gemini-3-pro-image");
    assertThat(new java.math.BigDecimal(p.path("estimatedCostUsd").asText())).isPositive();
    assertThat(fake.requestCount()).isZero();

    assertBad(client.post("/api/compare", "{" + base + "}"), "x", "X axis");
    assertBad(client.post("/api/compare", "{" + base + ", \"x\": {\"name\": \"model\", \"values\": []}}"), "x", "model");
    assertBad(client.post("/api/compare", "{" + base + ", \"x\": {\"name\": \"model\", \"values\": [\"nano-nothing\"]}}"),
        "model", "unknown model 'nano-nothing'");
    // Every bad panel is listed; the field is the setting they all name, else the plan as a whole.
    HttpResponse<String> twoModels = client.post("/api/compare", "{" + base + ", \"x\": {\"name\": \"model\","
        + " \"values\": [\"nano-nothing\", \"gemini-2.5-flash-image\", \"nano-else\"]}}");
    assertBad(twoModels, "model", "unknown model 'nano-nothing'");
    assertThat(client.json(twoModels).path("error").asText()).contains("unknown model 'nano-else'");
    HttpResponse<String> mixed = client.post("/api/compare", "{" + base + ", \"x\": {\"name\": \"model\","
        + " \"values\": [\"nano-nothing\", \"gemini-2.5-flash-image\"]}, \"y\": {\"name\": \"aspectRatio\","
        + " \"values\": [\"1:1\", \"7:3\"]}}");
    assertBad(mixed, "plan", "unknown model 'nano-nothing'");
    assertThat(client.json(mixed).path("error").asText()).contains("'7:3'");
    assertBad(client.post("/api/compare", "{" + base + ", \"x\": {\"name\": \"<b>\", \"values\": [\"1\"]}}"), "x", "<b>");
    HttpResponse<String> option = client.post("/api/compare", "{" + base
        + ", \"x\": {\"name\": \"warpFactor\", \"values\": [\"9\"]}}");
    assertThat(option.statusCode()).as(option.body()).isEqualTo(400);
    assertThat(option.body()).contains("warpFactor");
    assertThat(fake.requestCount()).isZero();

    HttpResponse<String> run = client.post("/api/compare", "{" + base
        + ", \"x\": {\"name\": \"model\", \"values\": [\"gemini-2.5-flash-image\", \"gemini-3-pro-image\"]}, \"run\": true}");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
    List<StudioClient.Event> events = client.events(client.json(run).path("job").asText());
    List<JsonNode> panels = events.stream().filter(e -> e.type().equals("panel")).map(StudioClient.Event::data).toList();
    assertThat(panels).hasSize(2).allMatch(x -> x.path("url").asText().startsWith("/files/"));
    assertThat(panels.stream().map(x -> x.path("column").asInt())).containsExactlyInAnyOrder(0, 1);
    JsonNode done = StudioClient.last(events).data();
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    assertThat(done.path("records")).hasSize(2);
    for (JsonNode r : done.path("records")) {
      assertThat(client.json(client.get("/api/history/" + r.asLong())).path("request").path("seed").asText()).isEqualTo("7");
    }
  }
}
