package dev.darkroom.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.history.History;
import dev.darkroom.history.StoredSession;
import dev.darkroom.testkit.FakeA1111;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeSwarmUI;
import dev.darkroom.testkit.MultipartForm;
import dev.darkroom.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Edit page's API over real HTTP: sessions on the fake Gemini, masks on the fake OpenAI, stop-edit-continue on the fake ComfyUI, A1111 and SwarmUI. */
@ExtendWith(FakeGeminiExtension.class)
class StudioEditApiTest {
  private static final String COMFY = "comfyui:sd_xl_base_1.0.safetensors";

  @TempDir Path dir;
  private FakeGemini gemini;
  private FakeOpenAI openai;
  private FakeComfyUI comfy;
  private FakeA1111 a1111;
  private FakeSwarmUI swarm;
  private History history;
  private Darkroom darkroom;
  private StudioServer server;
  private StudioClient client;

  @BeforeEach
  void start(FakeGemini gemini) throws Exception {
    this.gemini = gemini;
    openai = FakeOpenAI.start();
    // Previews on (like ComfyUI's --preview-method auto) and slow steps, so a job can be stopped part-way.
    comfy = FakeComfyUI.builder().previewMethod("auto").stepLatency(java.time.Duration.ofMillis(100)).start();
    // A1111 with live previews in /sdapi/v1/progress; steps slow enough to stop part-way.
    a1111 = FakeA1111.start().stepDelay(java.time.Duration.ofMillis(100));
    // SwarmUI streams gen_progress frames over GenerateText2ImageWS, a preview among them; slow steps again.
    swarm = FakeSwarmUI.builder().stepLatency(java.time.Duration.ofMillis(100)).start();
    history = History.open(dir.resolve("history.db"));
    darkroom = Darkroom.builder().env(java.util.Map.of())
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", gemini.baseUrl())
        .setting("openai.apiKey", FakeOpenAI.DEFAULT_API_KEY).setting("openai.baseUrl", openai.baseUrl())
        .setting("comfyui.baseUrl", comfy.baseUrl())
        .setting("a1111.baseUrl", a1111.baseUrl()).setting("a1111.progressMillis", "50")
        .setting("swarmui.baseUrl", swarm.baseUrl()).build();
    server = StudioServer.builder().darkroom(darkroom).history(history).outputDirectory(dir.resolve("out")).build();
    client = new StudioClient(server);
  }

  @AfterEach
  void stop() {
    server.close();
    darkroom.close();
    history.close();
    comfy.close();
    a1111.close();
    swarm.close();
    openai.close();
  }

  private static String png(int w, int h, boolean alpha) throws Exception {
    BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }

  private static String q(String s) {
    return StudioClient.JSON.valueToTree(s).toString();
  }

  /** Runs a job to its end and returns the session its {@code turn} event names. */
  private String finish(HttpResponse<String> started) throws Exception {
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    List<StudioClient.Event> events = client.events(client.json(started).path("job").asText());
    JsonNode done = StudioClient.last(events).data();
    assertThat(done.path("status").asText()).as(events.toString()).isEqualTo("succeeded");
    return events.stream().filter(e -> e.type().equals("turn")).findFirst().orElseThrow().data().path("session").asText();
  }

  private JsonNode session(String id) throws Exception {
    HttpResponse<String> r = client.get("/api/edit/sessions/" + id);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return client.json(r);
  }

  @Test
  void aSessionGrowsAsATreeWithBranchAndUndoAndIsInTheHistory() throws Exception {
    String id = finish(client.post("/api/edit/sessions",
        "{\"request\": {\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"A fox in a red jacket\"}}"));
    finish(client.post("/api/edit/sessions/" + id + "/send", "{\"instruction\": \"make the jacket blue\"}"));
    JsonNode s = session(id);
    assertThat(s.path("mode").asText()).isEqualTo("CONVERSATION");
    assertThat(s.path("head").asInt()).isEqualTo(2);
    assertThat(s.path("turns").findValuesAsText("instruction")).containsExactly("A fox in a red jacket", "make the jacket blue");

    JsonNode branched = client.json(client.post("/api/edit/sessions/" + id + "/branch", "{\"turn\": 1}"));
    assertThat(branched.path("head").asInt()).isEqualTo(1);
    finish(client.post("/api/edit/sessions/" + id + "/send", "{\"instruction\": \"now at night\"}"));
    JsonNode tree = session(id);
    assertThat(tree.path("turns").get(2).path("parent").asInt()).isEqualTo(1);
    HttpResponse<String> undone = client.post("/api/edit/sessions/" + id + "/undo", "{}");
    assertThat(client.json(undone).path("head").asInt()).isEqualTo(1);
    HttpResponse<String> again = client.post("/api/edit/sessions/" + id + "/undo", "{}");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(client.json(again).path("error").asText()).contains("first turn");

    HttpResponse<byte[]> image = client.bytes(tree.path("turns").get(2).path("url").asText());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(ImageIO.read(new java.io.ByteArrayInputStream(image.body())).getWidth()).isPositive();
    StoredSession stored = history.session(id).orElseThrow();
    assertThat(stored.turns()).hasSize(3);
    assertThat(client.json(client.get("/api/edit/sessions")).path("sessions").findValuesAsText("id")).contains(id);
    assertThat(tree.toString()).doesNotContain(dir.toString());
  }

  @Test
  void badInputIsAClear4xxNamingTheValue() throws Exception {
    String id = finish(client.post("/api/edit/sessions",
        "{\"request\": {\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"A lighthouse\"}}"));
    int sent = gemini.requestCount();

    HttpResponse<String> unknown = client.get("/api/edit/sessions/20000101-000000-dead");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(client.json(unknown).path("error").asText()).contains("20000101-000000-dead");
    assertThat(client.post("/api/edit/sessions/nope/send", "{\"instruction\": \"x\"}").statusCode()).isEqualTo(404);

    HttpResponse<String> badTurn = client.post("/api/edit/sessions/" + id + "/branch", "{\"turn\": 7}");
    assertThat(badTurn.statusCode()).isEqualTo(400);
    assertThat(client.json(badTurn).path("field").asText()).isEqualTo("turn");
    assertThat(client.json(badTurn).path("error").asText()).contains("no turn 7");
    assertThat(client.json(client.post("/api/edit/sessions/" + id + "/branch", "{\"turn\": \"one\"}")).path("error")
        .asText()).contains("'one'");
    assertThat(client.get("/api/edit/sessions/" + id + "/turns/9/image").statusCode()).isEqualTo(400);

    HttpResponse<String> blank = client.post("/api/edit/sessions/" + id + "/send", "{\"instruction\": \"  \"}");
    assertThat(client.json(blank).path("field").asText()).isEqualTo("instruction");

    String jpeg = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8,
        (byte) 0xFF, 0, 1, 2, 3});
    HttpResponse<String> notPng = client.post("/api/edit/sessions/" + id + "/send",
        "{\"instruction\": \"x\", \"mask\": " + q(jpeg) + "}");
    assertThat(notPng.statusCode()).isEqualTo(400);
    assertThat(client.json(notPng).path("field").asText()).isEqualTo("mask");
    assertThat(client.json(notPng).path("error").asText()).contains("mask", "PNG");

    try (StudioServer small = StudioServer.builder().darkroom(darkroom).history(history).outputDirectory(dir.resolve("out"))
        .maxUploadBytes(1000).build()) {
      StudioClient c = new StudioClient(small);
      HttpResponse<String> big = c.post("/api/edit/sessions/" + id + "/send",
          "{\"instruction\": \"x\", \"mask\": " + q(png(400, 400, true).replace("=", "") + "A".repeat(4000)) + "}");
      assertThat(big.statusCode()).isEqualTo(400);
      assertThat(c.json(big).path("field").asText()).isEqualTo("mask");
      assertThat(c.json(big).path("error").asText()).contains("larger than 1000 bytes");
    }

    // Gemini takes no mask: refused before sending, naming the model.
    HttpResponse<String> noMask = client.post("/api/edit/sessions/" + id + "/send",
        "{\"instruction\": \"x\", \"mask\": " + q(png(16, 16, true)) + "}");
    assertThat(noMask.statusCode()).isEqualTo(400);
    assertThat(client.json(noMask).path("field").asText()).isEqualTo("mask");
    assertThat(client.json(noMask).path("error").asText()).contains("gemini-2.5-flash-image");

    HttpResponse<String> history = client.post("/api/edit/sessions",
        "{\"request\": {\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"x\"}, \"image\": \"/files/999/1\"}");
    assertThat(client.json(history).path("field").asText()).isEqualTo("image");
    HttpResponse<String> cont = client.post("/api/edit/sessions/" + id + "/continue",
        "{\"turn\": 1, \"image\": " + q(png(8, 8, false)) + "}");
    assertThat(cont.statusCode()).isEqualTo(400);
    assertThat(client.json(cont).path("error").asText()).contains("denoise");
    assertThat(client.post("/api/edit/jobs/j999-0/stop", "{}").statusCode()).isEqualTo(404);
    assertThat(gemini.requestCount()).isEqualTo(sent);
  }

  @Test
  void aMaskDrawnForOpenAiIsSentAsTheEditMask() throws Exception {
    String id = finish(client.post("/api/edit/sessions", "{\"request\": {\"model\": \"gpt-image-2\", \"prompt\": \"make it"
        + " blue\", \"size\": \"1024x1024\"}, \"images\": [" + q(png(1024, 1024, false)) + "]}"));
    JsonNode s = session(id);
    assertThat(s.path("mode").asText()).isEqualTo("EDITS");
    assertThat(s.path("mask").asBoolean()).isTrue();
    HttpResponse<String> wrongSize = client.post("/api/edit/sessions/" + id + "/send",
        "{\"instruction\": \"a hat\", \"mask\": " + q(png(64, 64, true)) + "}");
    assertThat(wrongSize.statusCode()).as(wrongSize.body()).isEqualTo(400);
    assertThat(client.json(wrongSize).path("field").asText()).isEqualTo("mask");

    int before = openai.requests().size();
    finish(client.post("/api/edit/sessions/" + id + "/send", "{\"instruction\": \"a hat\", \"mask\": "
        + q(png(1024, 1024, true)) + "}"));
    RecordedRequest edit = openai.requests().get(before);
    assertThat(edit.path()).endsWith("/images/edits");
    MultipartForm form = edit.multipart();
    assertThat(form.parts("mask")).hasSize(1);
    assertThat(form.field("prompt")).contains("a hat");
    assertThat(session(id).path("turns")).hasSize(2);
  }

  /** Starts a session's first turn on {@code model}, waits for a preview on its event stream, then stops it. */
  private JsonNode startAndStop(String model) throws Exception {
    HttpResponse<String> started = client.post("/api/edit/sessions", "{\"request\": {\"model\": \"" + model + "\","
        + " \"prompt\": \"a red fox\", \"options\": {\"steps\": 30}}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String job = client.json(started).path("job").asText();
    HttpResponse<Stream<String>> stream = client.http.send(client.request("/api/jobs/" + job + "/events").build(),
        HttpResponse.BodyHandlers.ofLines());
    List<String> seen = new ArrayList<>();
    try (Stream<String> lines = stream.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event: ")) {
          seen.add(line.substring(7));
          if (line.equals("event: partial") || line.equals("event: done")) {
            break;
          }
        }
      }
    }
    assertThat(seen).as("the fake sends previews").contains("partial");
    HttpResponse<String> stopped = client.post("/api/edit/jobs/" + job + "/stop", "{}");
    assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
    JsonNode r = client.json(stopped);
    assertThat(r.path("stopped").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.path("partial").asBoolean()).isTrue();
    assertThat(r.path("total").asInt()).isEqualTo(30);
    assertThat(r.path("step").asInt()).isBetween(1, 29);
    assertThat(r.path("denoise").asDouble()).isEqualTo(EditSessions.remainingDenoise(r.path("step").asInt(), 30));
    JsonNode s = r.path("session");
    assertThat(s.path("turns")).hasSize(1);
    assertThat(s.path("turns").get(0).path("stopped").path("step").asInt()).isEqualTo(r.path("step").asInt());
    assertThat(s.path("coCreate").asBoolean()).isTrue();
    return r;
  }

  /** Continues a stopped session from a picture painted over turn 1 and waits for the job to succeed. */
  private void continueFromPainting(String id, double denoise) throws Exception {
    HttpResponse<String> cont = client.post("/api/edit/sessions/" + id + "/continue",
        "{\"turn\": 1, \"image\": " + q(png(1024, 1024, false)) + "}");
    assertThat(cont.statusCode()).as(cont.body()).isEqualTo(202);
    assertThat(client.json(cont).path("turn").asInt()).isEqualTo(2);
    assertThat(client.json(cont).path("denoise").asDouble()).isEqualTo(denoise);
    List<StudioClient.Event> events = client.events(client.json(cont).path("job").asText());
    assertThat(StudioClient.last(events).data().path("status").asText()).as(events.toString()).isEqualTo("succeeded");
  }

  private void assertOneCoCreatedSession(String id, int step) {
    StoredSession stored = history.session(id).orElseThrow();
    assertThat(stored.turns()).extracting(t -> t.parentId().orElse(0)).containsExactly(0, 1, 2);
    assertThat(stored.turns().get(0).text()).isEqualTo("stopped at step " + step + " of 30");
    assertThat(stored.turns().get(1).instruction()).startsWith("painted over turn 1");
    assertThat(stored.turns().get(2).instruction()).isEqualTo("a red fox");
  }

  @Test
  void aStoppedLocalJobKeepsItsPreviewAndContinuesAtTheRemainingStrength() throws Exception {
    JsonNode r = startAndStop(COMFY);
    int step = r.path("step").asInt();
    double denoise = r.path("denoise").asDouble();
    String id = r.path("session").path("id").asText();

    int prompts = comfy.requests().size();
    continueFromPainting(id, denoise);
    JsonNode graph = comfy.requests().stream().skip(prompts).filter(q -> q.path().endsWith("/prompt")
        && q.method().equals("POST")).reduce((a, b) -> b).orElseThrow().json().path("prompt");
    List<Double> denoises = new ArrayList<>();
    graph.forEach(node -> {
      if (node.path("inputs").has("denoise")) {
        denoises.add(node.path("inputs").path("denoise").asDouble());
      }
    });
    assertThat(denoises).containsExactly(denoise);
    assertThat(graph.toString()).contains("LoadImage");
    assertOneCoCreatedSession(id, step);
  }

  @Test
  void aStoppedA1111JobKeepsItsPreviewAndContinuesAsImg2Img() throws Exception {
    JsonNode r = startAndStop("a1111:sd_xl_base_1.0");
    int step = r.path("step").asInt();
    double denoise = r.path("denoise").asDouble();
    String id = r.path("session").path("id").asText();
    // A1111 can only interrupt whatever it is running (globally): the stop sent POST /sdapi/v1/interrupt.
    assertThat(a1111.interruptCount()).isPositive();
    a1111.stepDelay(java.time.Duration.ZERO);

    int before = a1111.generationRequests().size();
    continueFromPainting(id, denoise);
    List<RecordedRequest> sent = a1111.generationRequests();
    RecordedRequest img2img = sent.get(sent.size() - 1);
    assertThat(sent).hasSize(before + 1);
    assertThat(img2img.path()).endsWith("/sdapi/v1/img2img");
    assertThat(img2img.json().path("denoising_strength").asDouble()).isEqualTo(denoise);
    assertThat(img2img.json().path("init_images")).hasSize(1);
    assertThat(img2img.json().path("prompt").asText()).isEqualTo("a red fox");
    assertOneCoCreatedSession(id, step);
  }

  @Test
  void aStoppedSwarmUIJobKeepsItsPreviewAndContinuesWithAnInitImage() throws Exception {
    JsonNode r = startAndStop("swarmui:OfficialStableDiffusion/sd_xl_base_1.0");
    int step = r.path("step").asInt();
    double denoise = r.path("denoise").asDouble();
    String id = r.path("session").path("id").asText();
    // The preview came in a gen_progress frame of the websocket; the stop asked SwarmUI to stop this session only.
    assertThat(swarm.requests()).anySatisfy(q -> assertThat(q.path()).endsWith("/API/GenerateText2ImageWS"));
    // The provider may send its interrupt while the stopped call winds down: wait for it, without a timing claim.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (swarm.interrupts().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(swarm.interrupts()).isNotEmpty()
        .allSatisfy(i -> assertThat(i.path("other_sessions").asBoolean(true)).isFalse());
    swarm.stepLatency(java.time.Duration.ZERO);

    int before = swarm.generations().size();
    continueFromPainting(id, denoise);
    List<JsonNode> sent = swarm.generations();
    assertThat(sent).hasSize(before + 1);
    JsonNode img2img = sent.get(sent.size() - 1);
    assertThat(img2img.path("initimage").asText()).startsWith("data:image/png;base64,");
    assertThat(img2img.path("initimagecreativity").asDouble()).isEqualTo(denoise);
    assertThat(img2img.path("prompt").asText()).isEqualTo("a red fox");
    assertThat(swarm.ignoredParams()).doesNotContain("initimage", "initimagecreativity");
    assertOneCoCreatedSession(id, step);
  }

  @Test
  void theEditPageIsGuardedLikeTheRest() throws Exception {
    HttpResponse<String> page = client.get("/edit");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/static/edit.js\"></script>").doesNotContain("<script>");
    assertThat(client.get("/static/edit.js").body()).doesNotContain(".innerHTML", "outerHTML", "insertAdjacentHTML",
        "document.write");
    HttpResponse<String> anonymous = client.http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(client.base + "/api/edit/sessions")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);
    String start = "{\"request\": {\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"x\"}}";
    HttpResponse<String> foreign = client.http.send(client.request("/api/edit/sessions").header("Content-Type",
        "application/json").header("Origin", "http://evil.example").POST(java.net.http.HttpRequest.BodyPublishers
        .ofString(start)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<String> form = client.http.send(client.request("/api/edit/jobs/j1-0/stop").header("Content-Type",
        "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(403);
    assertThat(gemini.requestCount()).isZero();
  }

  @Test
  void theDenoiseRuleIsTheRemainingFractionOfTheSteps() {
    assertThat(EditSessions.remainingDenoise(12, 30)).isEqualTo(0.6);
    assertThat(EditSessions.remainingDenoise(1, 3)).isEqualTo(0.67);
    assertThat(EditSessions.remainingDenoise(30, 30)).isEqualTo(EditSessions.MIN_DENOISE);
    assertThat(EditSessions.remainingDenoise(0, 20)).isEqualTo(1.0);
  }
}
