package dev.darkroom.comfyui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException;
import dev.darkroom.ErrorKind;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComfyClientTest {
  private static final String TOKEN = "s3cret-token-123";
  private static final String PROMPT_ID = "0b6e9c1e-3f7a-4d2b-9c55-7f0c4f6f2a10";
  private static final String NODE_ERRORS_400 = """
      {"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation",
        "details": "Value not in list: sampler_name: 'eulr' not in (list of length 44)", "extra_info": {}},
       "node_errors": {"3": {"errors": [{"type": "value_not_in_list", "message": "Value not in list",
         "details": "sampler_name: 'eulr' not in (list of length 44)",
         "extra_info": {"input_name": "sampler_name", "input_config": null, "received_value": "eulr"}}],
         "dependent_outputs": ["9"], "class_type": "KSampler"}}}""";

  private final TinyServer server = new TinyServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private ComfyClient client(String version) {
    return ComfyClient.builder().baseUrl(server.url() + "/").auth(ComfyAuth.bearer(TOKEN))
        .version(version == null ? null : ComfyVersion.parse(version)).requestTimeout(Duration.ofSeconds(10)).build();
  }

  private static ObjectNode graph() {
    return new GraphBuilder().build(GraphSettings.builder().checkpoint("sd_xl_base_1.0.safetensors").build(), "a cat",
        BigInteger.valueOf(42), null);
  }

  @Test
  void queuesTheGraphWithClientAndPromptIds() throws Exception {
    server.on("POST /prompt", 200, "{\"prompt_id\": \"" + PROMPT_ID + "\", \"number\": 3, \"node_errors\": {}}");
    QueuedPrompt q = client("0.33.0").queuePrompt(graph(), "client-1", PROMPT_ID);
    assertThat(q).isEqualTo(new QueuedPrompt(PROMPT_ID, 3));

    TinyServer.Recorded r = server.requests("POST", "/prompt").get(0);
    JsonNode body = TestResources.JSON.readTree(r.body());
    assertThat(body.get("prompt").toString()).isEqualTo(graph().toString());
    assertThat(body.get("client_id").asText()).isEqualTo("client-1");
    assertThat(body.get("prompt_id").asText()).isEqualTo(PROMPT_ID);
    assertThat(r.header("authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.header("origin")).isNull();
  }

  @Test
  void omitsThePromptIdOnServersThatDoNotTakeOne() throws Exception {
    server.on("POST /prompt", 200, "{\"prompt_id\": \"server-chosen\", \"number\": 1, \"node_errors\": {}}");
    QueuedPrompt q = client("0.3.40").queuePrompt(graph(), "c", PROMPT_ID);
    assertThat(q.promptId()).isEqualTo("server-chosen");
    assertThat(TestResources.JSON.readTree(server.requests("POST", "/prompt").get(0).body()).has("prompt_id")).isFalse();
    assertThatThrownBy(() -> client("0.33.0").queuePrompt(graph(), "c", PROMPT_ID.toUpperCase()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void probesTheVersionOnceFromSystemStats() {
    server.on("GET /system_stats", 200, "{\"system\": {\"os\": \"linux\", \"comfyui_version\": \"0.26.1\"}, \"devices\": []}");
    ComfyClient c = client(null);
    assertThat(c.version()).isEqualTo(new ComfyVersion(0, 26, 1));
    assertThat(c.version().atLeast(ComfyVersion.JOB_CANCEL)).isTrue();
    assertThat(server.requests("GET", "/system_stats")).hasSize(1);
  }

  @Test
  void aRejectedGraphQuotesComfyUisErrors() {
    server.on("POST /prompt", 400, NODE_ERRORS_400);
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client("0.33.0").queuePrompt(graph(), "c", PROMPT_ID));
    assertThat(e.getMessage()).startsWith("ComfyUI at " + server.url() + " rejected the graph: Prompt outputs failed"
        + " validation\n  node 3 (KSampler): Value not in list: sampler_name: 'eulr' not in (list of length 44)");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.vendorStatus()).contains("prompt_outputs_failed_validation");
    assertThat(e.responseBody().orElseThrow()).contains("node_errors");
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void aBadPromptIdIsReportedWithComfyUisMessage() {
    server.on("POST /prompt", 400, "{\"error\": {\"type\": \"invalid_prompt_id\", \"message\": \"prompt_id must be a"
        + " valid UUID\", \"details\": \"prompt_id must be a UUID string in canonical lowercase hyphenated form\","
        + " \"extra_info\": {}}, \"node_errors\": {}}");
    assertThatThrownBy(() -> client("0.33.0").queuePrompt(graph(), "c", PROMPT_ID))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("prompt_id must be a valid UUID: prompt_id must be a UUID string");
  }

  @Test
  void aBareBadRequestIsAnInvalidRequest() {
    server.onBytes("POST /upload/image", 400, "text/plain", new byte[0]);
    assertThatThrownBy(() -> client("0.33.0").uploadImage(new byte[] {1}, "x.png", "image/png", true))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("POST /upload/image with HTTP 400");
  }

  @Test
  void basicAuthSecretsAreRedacted() {
    server.on("GET /queue", 502, "upstream said: password=hunter22 header=" + "bWU6aHVudGVyMjI=");
    ComfyClient c = ComfyClient.builder().baseUrl(server.url()).auth(ComfyAuth.basic("me", "hunter22"))
        .version(ComfyVersion.UNKNOWN).build();
    ServerException e = catchThrowableOfType(ServerException.class, c::queue);
    assertThat(e.getMessage()).doesNotContain("hunter22").doesNotContain("bWU6aHVudGVyMjI=");
    assertThat(e.responseBody().orElseThrow()).doesNotContain("hunter22");
    assertThat(server.requests("GET", "/queue").get(0).header("authorization")).isEqualTo("Basic bWU6aHVudGVyMjI=");
  }

  @Test
  void acceptedWithNodeErrorsIsCancelledAndReported() {
    server.on("POST /prompt", 200, "{\"prompt_id\": \"" + PROMPT_ID + "\", \"number\": 2, \"node_errors\": "
        + TestResources.JSON.createObjectNode().toString().replace("{}", NODE_ERRORS_400.substring(
            NODE_ERRORS_400.indexOf("{\"3\""), NODE_ERRORS_400.length() - 1)) + "}");
    server.on("POST /api/jobs/" + PROMPT_ID + "/cancel", 200, "{\"cancelled\": true}");
    assertThatThrownBy(() -> client("0.33.0").queuePrompt(graph(), "c", PROMPT_ID))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("node 3 (KSampler): Value not in list")
        .hasMessageContaining("queued as prompt " + PROMPT_ID + " and have been cancelled");
    assertThat(server.requests("POST", "/api/jobs/" + PROMPT_ID + "/cancel")).hasSize(1);
  }

  @Test
  void authFailuresNeverShowTheSecret() {
    server.on("GET /history/" + PROMPT_ID, 401, "{\"error\": \"bad token Bearer " + TOKEN + "\"}");
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> client("0.33.0").history(PROMPT_ID));
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.getMessage()).contains("HTTP 401").doesNotContain(TOKEN);
    assertThat(e.responseBody().orElseThrow()).doesNotContain(TOKEN).contains("[REDACTED]");

    server.on("GET /queue", 403, "forbidden " + TOKEN);
    AuthenticationException forbidden = catchThrowableOfType(AuthenticationException.class, () -> client("0.33.0").queue());
    assertThat(forbidden.getMessage()).contains("HTTP 403").doesNotContain(TOKEN);
    assertThat(client("0.33.0").toString()).doesNotContain(TOKEN);
    assertThat(ComfyAuth.basic("me", "pw").toString()).doesNotContain("bWU6cHc=");
  }

  @Test
  void serverErrorsAreRetryableAndBusyIsQuota() {
    server.on("GET /queue", 500, "500 Internal Server Error");
    ServerException e = catchThrowableOfType(ServerException.class, () -> client("0.33.0").queue());
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("GET /queue with HTTP 500: 500 Internal Server Error");
    server.on("GET /system_stats", 429, "slow down");
    assertThatThrownBy(() -> client("0.33.0").systemStats()).isInstanceOf(QuotaExceededException.class);
  }

  @Test
  void unreachableEngineIsATransportFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ComfyClient c = ComfyClient.builder().baseUrl("http://127.0.0.1:" + port).version(ComfyVersion.UNKNOWN).build();
    TransportException e = catchThrowableOfType(TransportException.class, () -> c.queue());
    assertThat(e.getMessage()).startsWith("cannot reach ComfyUI at http://127.0.0.1:" + port + " for GET /queue");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void notJsonIsMalformed() {
    server.onBytes("GET /object_info", 200, "text/html", "<html>proxy login</html>".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> client("0.33.0").objectInfo()).isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("<html>proxy login");
  }

  @Test
  void uploadsMultipartImages() {
    server.on("POST /upload/image", 200, "{\"name\": \"ref (1).png\", \"subfolder\": \"\", \"type\": \"input\"}");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    UploadedImage up = client("0.33.0").uploadImage(png, "ref.png", "image/png", false);
    assertThat(up.loadImageValue()).isEqualTo("ref (1).png");
    TinyServer.Recorded r = server.requests("POST", "/upload/image").get(0);
    assertThat(r.header("content-type")).startsWith("multipart/form-data; boundary=");
    String body = new String(r.body(), StandardCharsets.ISO_8859_1);
    assertThat(body).contains("Content-Disposition: form-data; name=\"image\"; filename=\"ref.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n\u0089PNG\r\n")
        .contains("name=\"type\"\r\n\r\ninput\r\n").contains("name=\"overwrite\"\r\n\r\nfalse\r\n");
    assertThat(new UploadedImage("a.png", "darkroom", "input").loadImageValue()).isEqualTo("darkroom/a.png");
  }

  @Test
  void readsHistoryAndFetchesImages() {
    server.on("GET /history/" + PROMPT_ID, 200, "{}");
    assertThat(client("0.33.0").history(PROMPT_ID)).isEmpty();

    server.on("GET /history/" + PROMPT_ID, 200, """
        {"%s": {"prompt": [3, "%s", {}, {"client_id": "c"}, ["9"]],
          "outputs": {"9": {"images": [{"filename": "darkroom_00001_.png", "subfolder": "", "type": "output"},
                                        {"filename": "darkroom_00002_.png", "subfolder": "", "type": "output"}]}},
          "status": {"status_str": "success", "completed": true, "messages": [
            ["execution_start", {"prompt_id": "%s", "timestamp": 1000}],
            ["execution_cached", {"nodes": [], "prompt_id": "%s", "timestamp": 1001}],
            ["execution_success", {"prompt_id": "%s", "timestamp": 5250}]]}}}"""
        .formatted(PROMPT_ID, PROMPT_ID, PROMPT_ID, PROMPT_ID, PROMPT_ID));
    HistoryEntry h = client("0.33.0").history(PROMPT_ID).orElseThrow();
    assertThat(h.status()).isEqualTo("success");
    assertThat(h.completed()).isTrue();
    assertThat(h.allImages()).extracting(ImageRef::filename).containsExactly("darkroom_00001_.png", "darkroom_00002_.png");
    assertThat(h.executionMillis()).hasValue(4250);
    assertThat(h.interrupted()).isFalse();

    server.onBytes("GET /view", 200, "image/png", new byte[] {1, 2, 3});
    assertThat(client("0.33.0").view(new ImageRef("darkroom 00001_.png", "sub dir", "output"))).containsExactly(1, 2, 3);
    assertThat(server.requests("GET", "/view").get(0).pathAndQuery())
        .isEqualTo("/view?filename=darkroom%2000001_.png&subfolder=sub%20dir&type=output");
  }

  @Test
  void historyTellsAnErrorFromAnInterrupt() {
    server.on("GET /history/" + PROMPT_ID, 200, """
        {"%s": {"prompt": [], "outputs": {}, "status": {"status_str": "error", "completed": false, "messages": [
          ["execution_start", {"prompt_id": "%s", "timestamp": 10}],
          ["execution_interrupted", {"prompt_id": "%s", "node_id": "3", "node_type": "KSampler", "executed": [],
            "timestamp": 20}]]}}}""".formatted(PROMPT_ID, PROMPT_ID, PROMPT_ID));
    HistoryEntry h = client("0.33.0").history(PROMPT_ID).orElseThrow();
    assertThat(h.interrupted()).isTrue();
    assertThat(h.executionError()).isEmpty();
  }

  @Test
  void cancelUsesTheJobsApiOnNewServers() {
    server.on("POST /api/jobs/" + PROMPT_ID + "/cancel", 200, "{\"cancelled\": false}");
    assertThat(client("0.26.0").cancel(PROMPT_ID)).isFalse();
    assertThat(server.requests("POST", "/api/jobs/" + PROMPT_ID + "/cancel")).hasSize(1);
    assertThat(server.requests("POST", "/interrupt")).isEmpty();
  }

  @Test
  void cancelOnOlderServersDeletesPendingAndInterruptsOnlyOurRunningPrompt() throws Exception {
    server.on("GET /queue", 200, "{\"queue_running\": [[1, \"" + PROMPT_ID + "\", {}, {}, [\"9\"]]],"
        + " \"queue_pending\": [[2, \"other\", {}, {}, [\"9\"]]]}");
    server.onBytes("POST /interrupt", 200, "text/plain", new byte[0]);
    assertThat(client("0.3.60").cancel(PROMPT_ID)).isTrue();
    assertThat(server.requests("POST", "/queue")).isEmpty();
    assertThat(TestResources.JSON.readTree(server.requests("POST", "/interrupt").get(0).body()).get("prompt_id").asText())
        .isEqualTo(PROMPT_ID);

    server.requests.clear();
    server.onBytes("POST /queue", 200, "text/plain", new byte[0]);
    assertThat(client("0.3.50").cancel("other")).isTrue();
    assertThat(TestResources.JSON.readTree(server.requests("POST", "/queue").get(0).body()).toString())
        .isEqualTo("{\"delete\":[\"other\"]}");
    assertThat(server.requests("POST", "/interrupt")).isEmpty();

    server.requests.clear();
    assertThat(client("0.3.50").cancel(PROMPT_ID)).isTrue();
    assertThat(server.requests("POST", "/interrupt").get(0).bodyText()).isEqualTo("{}");

    server.requests.clear();
    assertThat(client("0.3.50").cancel(UUID.randomUUID().toString())).isFalse();
    assertThat(server.requests("POST", "/")).isEmpty();
  }

  @Test
  void discoversEverythingTheEngineOffers() {
    server.onBytes("GET /object_info", 200, "application/json", TestResources.bytes("object_info.json"));
    server.onBytes("GET /embeddings", 200, "application/json", TestResources.bytes("embeddings.json"));
    server.on("GET /models/checkpoints", 200, "[\"sd_xl_base_1.0.safetensors\", \"extra.safetensors\"]");
    server.on("GET /models/loras", 200, "[\"wrong.safetensors\"]");
    ObjectInfo info = client("0.33.0").objectInfo();
    assertThat(info.checkpoints()).contains("extra.safetensors", "sd_xl_refiner_1.0.safetensors");
    assertThat(info.embeddings()).contains("ugly-sonic");
    assertThat(info.samplers()).contains("euler");
  }

  @Test
  void websocketEventsReachTheListener() {
    StringBuilder log = new StringBuilder();
    ComfyEventListener l = new ComfyEventListener() {
      @Override
      public void onStatus(int queueRemaining, String sid) {
        log.append("status ").append(queueRemaining).append(' ').append(sid).append('\n');
      }

      @Override
      public void onExecutionStart(String promptId) {
        log.append("start ").append(promptId).append('\n');
      }

      @Override
      public void onExecuting(String promptId, String nodeId) {
        log.append("executing ").append(nodeId).append('\n');
      }

      @Override
      public void onProgress(String promptId, String nodeId, int value, int max) {
        log.append("progress ").append(nodeId).append(' ').append(value).append('/').append(max).append('\n');
      }

      @Override
      public void onExecuted(String promptId, String nodeId, java.util.List<ImageRef> images, JsonNode output) {
        log.append("executed ").append(nodeId).append(' ').append(images.get(0).filename()).append('\n');
      }

      @Override
      public void onSuccess(String promptId) {
        log.append("success\n");
      }

      @Override
      public void onExecutionError(String promptId, DarkroomException error, JsonNode data) {
        log.append("error ").append(error.vendorStatus().orElse("")).append(' ').append(error.getMessage()).append('\n');
      }

      @Override
      public void onInterrupted(String promptId, String nodeId) {
        log.append("interrupted ").append(nodeId).append('\n');
      }

      @Override
      public void onPreview(String mimeType, byte[] image, String promptId, String nodeId) {
        log.append("preview ").append(mimeType).append(' ').append(image.length).append(' ').append(promptId).append('\n');
      }
    };
    ComfyClient.WsAdapter ws = new ComfyClient.WsAdapter(l, TestResources.JSON, client("0.33.0").errors());
    ws.dispatchText("{\"type\": \"status\", \"data\": {\"status\": {\"exec_info\": {\"queue_remaining\": 1}}, \"sid\": \"c\"}}");
    ws.dispatchText("{\"type\": \"execution_start\", \"data\": {\"prompt_id\": \"p\", \"timestamp\": 1}}");
    ws.dispatchText("{\"type\": \"executing\", \"data\": {\"node\": \"3\", \"display_node\": \"3\", \"prompt_id\": \"p\"}}");
    ws.dispatchText("{\"type\": \"progress\", \"data\": {\"value\": 5, \"max\": 30, \"prompt_id\": \"p\", \"node\": \"3\"}}");
    ws.dispatchBinary(new byte[] {0, 0, 0, 1, 0, 0, 0, 1, (byte) 0xff, (byte) 0xd8, (byte) 0xff});
    byte[] meta = "{\"node_id\": \"3\", \"prompt_id\": \"p\", \"image_type\": \"image/png\"}".getBytes(StandardCharsets.UTF_8);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + meta.length + 2).putInt(4).putInt(meta.length).put(meta)
        .put(new byte[] {1, 2});
    ws.dispatchBinary(b.array());
    ws.dispatchText("{\"type\": \"executed\", \"data\": {\"node\": \"9\", \"display_node\": \"9\", \"output\":"
        + " {\"images\": [{\"filename\": \"darkroom_00001_.png\", \"subfolder\": \"\", \"type\": \"output\"}]},"
        + " \"prompt_id\": \"p\"}}");
    ws.dispatchText("{\"type\": \"execution_success\", \"data\": {\"prompt_id\": \"p\", \"timestamp\": 2}}");
    ws.dispatchText("{\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"p\"}}");
    ws.dispatchText("{\"type\": \"execution_error\", \"data\": {\"prompt_id\": \"p\", \"node_id\": \"3\", \"node_type\":"
        + " \"KSampler\", \"executed\": [], \"exception_message\": \"CUDA out of memory. Tried to allocate 2.00 GiB\\nThis"
        + " error means you ran out of memory on your GPU.\", \"exception_type\": \"torch.OutOfMemoryError\","
        + " \"traceback\": [], \"current_inputs\": {}, \"current_outputs\": []}}");
    ws.dispatchText("{\"type\": \"execution_interrupted\", \"data\": {\"prompt_id\": \"p\", \"node_id\": \"3\","
        + " \"node_type\": \"KSampler\", \"executed\": []}}");
    assertThat(log.toString()).isEqualTo("""
        status 1 c
        start p
        executing 3
        progress 3 5/30
        preview image/jpeg 3 null
        preview image/png 2 p
        executed 9 darkroom_00001_.png
        success
        executing null
        error OUT_OF_MEMORY ComfyUI at %s ran out of GPU memory in node 3 (KSampler) of prompt p: \
        torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB
        This error means you ran out of memory on your GPU. — lower the batch size or image size, or free the GPU
        interrupted 3
        """.formatted(server.url()));
  }

  @Test
  void executionErrorsQuoteComfyUi() {
    ComfyErrors errors = client("0.33.0").errors();
    JsonNode data = TestResources.JSON.createObjectNode().put("prompt_id", "p").put("node_id", "4")
        .put("node_type", "CheckpointLoaderSimple").put("exception_type", "RuntimeError")
        .put("exception_message", "Error while deserializing header: HeaderTooLarge\n");
    ServerException e = errors.executionError(data);
    assertThat(e.getMessage()).endsWith("failed in node 4 (CheckpointLoaderSimple) of prompt p: RuntimeError: Error while"
        + " deserializing header: HeaderTooLarge");
    assertThat(e.vendorStatus()).contains(ComfyErrors.EXECUTION_ERROR);
    assertThat(e.isRetryable()).isFalse();
  }
}
