package dev.darkroom.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.history.History;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The studio's JSON API over real HTTP (the JDK client), with the fake Gemini server as the provider. */
@ExtendWith(FakeGeminiExtension.class)
class StudioApiTest {
  @TempDir Path dir;
  private FakeGemini fake;
  private History history;
  private Darkroom darkroom;
  private StudioServer server;
  private StudioClient client;

  @BeforeEach
  void start(FakeGemini fake) throws Exception {
    this.fake = fake;
    history = History.open(dir.resolve("history.db"));
    darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl()).build();
    server = StudioServer.builder().darkroom(darkroom).history(history).outputDirectory(dir.resolve("out")).build();
    client = new StudioClient(server);
  }

  @AfterEach
  void stop() {
    server.close();
    darkroom.close();
    history.close();
  }

  private static String body(String model, String prompt, String extra) {
    return "{\"request\": {\"model\": \"" + model + "\", \"prompt\": \"" + prompt + "\"" + extra + "}}";
  }

  @Test
  void pagesAndApiNeedTheLaunchTokenAndTheRightHost() throws Exception {
    HttpResponse<String> anonymous = client.http.send(HttpRequest.newBuilder(URI.create(client.base + "/api/models")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);
    HttpResponse<String> page = client.http.send(HttpRequest.newBuilder(URI.create(client.base + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(403);
    HttpResponse<String> wrongToken = client.http.send(HttpRequest.newBuilder(URI.create(client.base + "/?token=nope")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(client.cookie).startsWith("darkroom_studio_" + server.port() + "=");

    HttpResponse<String> ok = client.get("/");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'none'", "script-src 'self'").doesNotContain("unsafe");
    assertThat(ok.body()).contains("<script type=\"module\" src=\"/static/studio.js\"></script>").doesNotContain("<script>");
    for (String script : List.of("/static/studio.js", "/static/common.js")) {
      HttpResponse<String> js = client.get(script);
      assertThat(js.statusCode()).as(script).isEqualTo(200);
      assertThat(js.body()).as(script).doesNotContain(".innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
    }
  }

  @Test
  void aRebindedHostOrAForeignOriginIsRefused() throws Exception {
    // The JDK client does not let us set Host; a raw socket does.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(("GET /api/models HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\nCookie: "
          + client.cookie + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403");
    }
    HttpResponse<String> foreign = client.http.send(client.request("/api/generate").header("Content-Type", "application/json")
        .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString(
            body("gemini-2.5-flash-image", "x", ""))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<String> form = client.http.send(client.request("/api/generate")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(403);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void modelsListTheCatalogWithEachProvidersOptions() throws Exception {
    JsonNode models = client.json(client.get("/api/models"));
    assertThat(models.path("models").findValuesAsText("id")).contains("gemini-2.5-flash-image", "gemini-3-pro-image");
    assertThat(models.path("providers").path("gemini").path("options").toString())
        .contains("\"systemPrompt\"", "\"includeThoughts\"", "\"temperature\"");
    assertThat(models.toString()).doesNotContain(FakeGemini.DEFAULT_API_KEY);
  }

  @Test
  void anInvalidRequestIsRefusedBeforeSendingNamingTheField() throws Exception {
    HttpResponse<String> r = client.post("/api/generate", body("gemini-2.5-flash-image", "a fox", ", \"aspectRatio\": \"7:3\""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(client.json(r).path("field").asText()).isEqualTo("aspectRatio");

    HttpResponse<String> option = client.post("/api/generate", body("gemini-2.5-flash-image", "a fox",
        ", \"options\": {\"noSuchOption\": \"1\"}"));
    assertThat(option.statusCode()).isEqualTo(400);
    assertThat(client.json(option).path("field").asText()).isEqualTo("gemini.noSuchOption");
    assertThat(client.json(option).path("allowed").toString()).contains("systemPrompt");

    HttpResponse<String> seed = client.post("/api/generate", body("gemini-2.5-flash-image", "a fox", ", \"seed\": \"abc\""));
    assertThat(client.json(seed).path("field").asText()).isEqualTo("seed");
    assertThat(client.post("/api/generate", "{not json").statusCode()).isEqualTo(400);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void dryRunEstimatesTheCostWithoutSending() throws Exception {
    HttpResponse<String> r = client.post("/api/dry-run", body("gemini-3-pro-image", "a fox", ""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new java.math.BigDecimal(client.json(r).path("estimatedCostUsd").asText())).isPositive();
    assertThat(client.json(r).path("request").path("model").asText()).isEqualTo("gemini-3-pro-image");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void aJobStreamsThoughtsAndEndsWithImagesTheServerServes() throws Exception {
    String job = client.start(body("gemini-3-pro-image", "A red fox in fresh snow",
        ", \"options\": {\"includeThoughts\": \"true\"}"));
    List<StudioClient.Event> events = client.events(job);
    List<String> types = events.stream().map(StudioClient.Event::type).toList();
    assertThat(types).first().isEqualTo("queued");
    assertThat(types).contains("attempt", "thought", "saved").last().isEqualTo("done");
    JsonNode done = StudioClient.last(events).data();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    String url = done.path("images").get(0).path("url").asText();
    HttpResponse<byte[]> image = client.bytes(url);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("Content-Type").orElse("")).startsWith("image/");
    assertThat(ImageIO.read(new java.io.ByteArrayInputStream(image.body())).getWidth()).isPositive();

    // Replayed to a late listener, and the history knows it.
    assertThat(client.events(job).stream().map(StudioClient.Event::type).toList()).isEqualTo(types);
    long id = done.path("records").get(0).asLong();
    JsonNode list = client.json(client.get("/api/history?q=fox&model=gemini-3-pro-image&status=succeeded"));
    assertThat(list.path("items").findValuesAsText("id")).containsExactly(String.valueOf(id));
    JsonNode record = client.json(client.get("/api/history/" + id));
    assertThat(record.path("prompt").asText()).isEqualTo("A red fox in fresh snow");
    assertThat(record.path("request").path("options").path("includeThoughts").asBoolean()).isTrue();
    assertThat(record.path("hasGraph").asBoolean()).isFalse();
    assertThat(record.toString()).doesNotContain(dir.toString());
    assertThat(client.get("/api/history/" + id + "/graph").statusCode()).isEqualTo(404);
  }

  @Test
  void historyIsPagedAndFiltered() throws Exception {
    for (int i = 0; i < 3; i++) {
      client.events(client.start(body("gemini-2.5-flash-image", "lighthouse number " + i, "")));
    }
    JsonNode first = client.json(client.get("/api/history?limit=2"));
    assertThat(first.path("items")).hasSize(2);
    assertThat(first.path("more").asBoolean()).isTrue();
    JsonNode second = client.json(client.get("/api/history?limit=2&offset=2"));
    assertThat(second.path("items")).hasSize(1);
    assertThat(second.path("more").asBoolean()).isFalse();
    assertThat(client.json(client.get("/api/history?status=blocked")).path("items")).isEmpty();
    assertThat(client.json(client.get("/api/history?since=2000-01-01")).path("items")).hasSize(3);
    assertThat(client.get("/api/history?status=bogus").statusCode()).isEqualTo(400);
    assertThat(client.get("/api/history?since=yesterdayish").statusCode()).isEqualTo(400);
  }

  @Test
  void onlyFilesTheHistoryKnowsAreServed() throws Exception {
    Files.writeString(dir.resolve("secret.txt"), "secret");
    JsonNode done = StudioClient.last(client.events(client.start(body("gemini-2.5-flash-image", "a fox", "")))).data();
    long id = done.path("records").get(0).asLong();
    assertThat(client.get("/files/" + id + "/999999").statusCode()).isEqualTo(404);
    assertThat(client.get("/files/999/1").statusCode()).isEqualTo(404);
    assertThat(client.get("/files/../secret.txt").statusCode()).isEqualTo(404);
    assertThat(client.get("/files/%2e%2e/secret.txt").statusCode()).isEqualTo(404);
    assertThat(client.get("/files/" + id + "/1/../../secret.txt").body()).doesNotContain("secret\"");
  }

  @Test
  void aReferenceImageIsUploadedCheckedAndRecorded() throws Exception {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    String job = client.start("{\"request\": {\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"make it blue\"},"
        + " \"images\": [\"" + dataUrl + "\"]}");
    JsonNode done = StudioClient.last(client.events(job)).data();
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    JsonNode record = client.json(client.get("/api/history/" + done.path("records").get(0).asLong()));
    assertThat(record.path("request").path("inputs").get(0).path("kind").asText()).isEqualTo("FILE");

    String text = "data:image/png;base64," + Base64.getEncoder().encodeToString("<script>".getBytes());
    HttpResponse<String> refused = client.post("/api/generate", "{\"request\": {\"model\": \"gemini-2.5-flash-image\","
        + " \"prompt\": \"x\"}, \"images\": [\"" + text + "\"]}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(client.json(refused).path("field").asText()).isEqualTo("images");
  }

  @Test
  void cancelInterruptsARunningJob() throws Exception {
    fake.enqueue(FakeReply.delay(Duration.ofSeconds(60)));
    String job = client.start(body("gemini-2.5-flash-image", "slow fox", ""));
    // Wait until the call is on the wire, then cancel.
    fake.takeRequest(Duration.ofSeconds(30)).orElseThrow();
    HttpResponse<String> cancel = client.post("/api/jobs/" + job + "/cancel", "{}");
    assertThat(client.json(cancel).path("cancelled").asBoolean()).isTrue();
    JsonNode done = StudioClient.last(client.events(job)).data();
    assertThat(done.path("status").asText()).isEqualTo("cancelled");
    assertThat(client.post("/api/jobs/" + job + "/cancel", "{}").body()).contains("false");
    assertThat(client.post("/api/jobs/nope/cancel", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void rerunSendsTheRecordedRequestAgain() throws Exception {
    JsonNode done = StudioClient.last(client.events(client.start(body("gemini-2.5-flash-image", "a lighthouse", "")))).data();
    long id = done.path("records").get(0).asLong();
    HttpResponse<String> rerun = client.post("/api/history/" + id + "/rerun", "{}");
    assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(202);
    JsonNode again = StudioClient.last(client.events(client.json(rerun).path("job").asText())).data();
    assertThat(again.path("status").asText()).isEqualTo("succeeded");
    long newId = again.path("records").get(0).asLong();
    assertThat(newId).isNotEqualTo(id);
    assertThat(client.json(client.get("/api/history/" + newId)).path("prompt").asText()).isEqualTo("a lighthouse");
    assertThat(client.post("/api/history/424242/rerun", "{}").statusCode()).isEqualTo(404);
  }
}
